using System.Text.Json;

namespace Zhiku.Core.Text;

/// <summary>
/// jieba's HMM for words its dictionary lacks (jieba.NET's FinalSeg.Viterbi, same states, probabilities, order of
/// comparison and tie rules), with the emission table as a compiled <see cref="WordTable"/> keyed by state and character
/// instead of dictionaries deserialized by Newtonsoft.Json.
/// </summary>
internal sealed class JiebaHmm
{
    private const double MinProb = -3.14e100;

    // States in jieba.NET's order: B, M, E, S.
    private const int B = 0;
    private const int M = 1;
    private const int E = 2;
    private const int S = 3;
    private static readonly double[] StartProbs = [-0.26268660809250016, -3.14e+100, -3.14e+100, -1.4652633398537678];
    private static readonly int[][] PrevStates = [[E, S], [M, B], [B, M], [S, E]];

    private const string StateNames = "BMES";

    private readonly WordTable _emit;
    private readonly double[,] _trans;

    private JiebaHmm(WordTable emit, double[,] trans)
    {
        _emit = emit;
        _trans = trans;
    }

    /// <summary>Reads prob_trans.json and prob_emit.json ({"B": {"字": logp, …}, …}); the emission table through
    /// its compiled file (<see cref="WordTableFile"/>, one key per state and character), so a process that cuts a
    /// few words does not parse the 1.2 MB list.</summary>
    public static JiebaHmm Load(string transPath, string emitPath, IReadOnlyList<string>? compiledPaths = null)
    {
        var trans = new double[4, 4];
        for (int a = 0; a < 4; a++)
        {
            for (int b = 0; b < 4; b++)
            {
                trans[a, b] = MinProb;
            }
        }

        ReadTable(transPath, File.ReadAllBytes(transPath), (state, key, value) => trans[state, StateOf(key)] = value);
        return new JiebaHmm(WordTableFile.Load(emitPath, text => CompileEmission(emitPath, text), compiledPaths), trans);
    }

    /// <summary>prob_emit.json's probabilities keyed by state name and character ("B报"); a repeated key keeps its
    /// last value, as the dictionaries jieba.NET deserializes do.</summary>
    internal static WordTableBuilder CompileEmission(string path, string json)
    {
        var entries = new List<(int State, char Key, double Value)>();
        ReadTable(path, System.Text.Encoding.UTF8.GetBytes(json), (state, key, value) => entries.Add((state, key, value)));
        var keys = new System.Text.StringBuilder(entries.Count * 2);
        foreach ((int state, char key, _) in entries)
        {
            keys.Append(StateNames[state]).Append(key);
        }

        var builder = new WordTableBuilder(keys.ToString(), entries.Count);
        for (int i = 0; i < entries.Count; i++)
        {
            builder.Set(i * 2, 2, entries[i].Value, overwrite: true);
        }

        return builder;
    }

    /// <summary>jieba.NET's Viterbi.Cut: Chinese runs cut by the HMM, other runs split into letters/digits and the
    /// rest.</summary>
    public void Cut(string sentence, List<string> tokens)
    {
        foreach (string block in JiebaSegmenterPatterns.HmmChinese().Split(sentence))
        {
            if (JiebaSegmenterPatterns.HmmChinese().IsMatch(block))
            {
                ViterbiCut(block, tokens);
            }
            else
            {
                foreach (string segment in JiebaSegmenterPatterns.HmmSkip().Split(block))
                {
                    if (!string.IsNullOrEmpty(segment))
                    {
                        tokens.Add(segment);
                    }
                }
            }
        }
    }

    private static int StateOf(char name) => name switch
    {
        'B' => B,
        'M' => M,
        'E' => E,
        'S' => S,
        _ => throw new InvalidDataException($"jieba HMM: unknown state '{name}'"),
    };

    private static void ReadTable(string path, byte[] json, Action<int, char, double> set)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        int state = -1;
        int depth = 0;
        char key = '\0';
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    depth++;
                    break;
                case JsonTokenType.EndObject:
                    depth--;
                    break;
                case JsonTokenType.PropertyName:
                    string name = reader.GetString() ?? "";
                    if (name.Length != 1)
                    {
                        throw new InvalidDataException($"{path}: key '{name}' is not one character");
                    }

                    if (depth == 1)
                    {
                        state = StateOf(name[0]);
                    }
                    else
                    {
                        key = name[0];
                    }

                    break;
                case JsonTokenType.Number when depth == 2 && state >= 0:
                    set(state, key, reader.GetDouble());
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>The log probability of <paramref name="state"/> emitting <paramref name="ch"/>
    /// (<see cref="MinProb"/> when the model does not list it).</summary>
    private double Emission(int state, char ch)
    {
        ReadOnlySpan<char> key = [StateNames[state], ch];
        int entry = _emit.Find(key);
        return entry < 0 ? MinProb : _emit.ValueOf(entry);
    }

    private void ViterbiCut(string sentence, List<string> tokens)
    {
        int n = sentence.Length;
        var v = new double[n, 4];

        // back[i, y]: the previous state on the best path ending in state y at i.
        var back = new int[n, 4];
        for (int y = 0; y < 4; y++)
        {
            v[0, y] = StartProbs[y] + Emission(y, sentence[0]);
            back[0, y] = -1;
        }

        for (int i = 1; i < n; i++)
        {
            char ch = sentence[i];
            for (int y = 0; y < 4; y++)
            {
                double emp = Emission(y, ch);
                double best = double.MinValue;
                int bestPrev = 0;
                foreach (int y0 in PrevStates[y])
                {
                    double tranp = v[i - 1, y0] + _trans[y0, y] + emp;
                    if (best <= tranp)
                    {
                        best = tranp;
                        bestPrev = y0;
                    }
                }

                v[i, y] = best;
                back[i, y] = bestPrev;
            }
        }

        int state = v[n - 1, E] < v[n - 1, S] ? S : E;
        var states = new int[n];
        for (int i = n - 1; i >= 0; i--)
        {
            states[i] = state;
            state = back[i, state];
        }

        int begin = 0;
        int next = 0;
        for (int i = 0; i < n; i++)
        {
            int pos = states[i];
            if (pos == B)
            {
                begin = i;
            }
            else if (pos == E)
            {
                tokens.Add(sentence[begin..(i + 1)]);
                next = i + 1;
            }
            else if (pos == S)
            {
                tokens.Add(sentence.Substring(i, 1));
                next = i + 1;
            }
        }

        if (next < n)
        {
            tokens.Add(sentence[next..]);
        }
    }
}
