using System.Text.Json;
using Zhiku.Core.Answering.Citations;

namespace Zhiku.Core.Answering;

/// <summary>Writes the LLM fields of the <c>ask --json</c> contract, so every host spells them the same way.</summary>
public static class LlmAnswerJson
{
    /// <summary>
    /// Writes <c>mode</c>, <c>model</c>, <c>sentences</c> (<c>text</c>, <c>citations</c>, <c>supported</c>,
    /// <c>support_score</c>), <c>grounded_share</c>, <c>flagged</c> (<c>text</c>, <c>kind</c>, <c>sentence</c>) and
    /// <c>notice</c> into the object <paramref name="json"/> is writing. For a failed answer the caller writes its
    /// extractive fields with mode "extractive" instead and only <c>notice</c> from here.
    /// </summary>
    public static void WriteFields(Utf8JsonWriter json, LlmAnswer answer)
    {
        json.WriteString("mode", answer.Mode);
        json.WriteString("model", answer.Model);
        json.WriteStartArray("sentences");
        foreach (CheckedSentence sentence in answer.Sentences)
        {
            json.WriteStartObject();
            json.WriteString("text", sentence.Text);
            json.WriteStartArray("citations");
            foreach (int n in sentence.Citations)
            {
                json.WriteNumberValue(n);
            }

            json.WriteEndArray();
            json.WriteBoolean("supported", sentence.Supported);
            json.WriteNumber("support_score", sentence.SupportScore);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("grounded_share", answer.GroundedShare);
        json.WriteStartArray("flagged");
        foreach (FlaggedFact fact in answer.Flagged)
        {
            json.WriteStartObject();
            json.WriteString("text", fact.Text);
            json.WriteString("kind", fact.KindName);
            json.WriteNumber("sentence", fact.SentenceIndex);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("notice", answer.Notice);
    }
}
