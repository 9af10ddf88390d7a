using Zhiku.SampleGenerator;

var fontPath = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
var output = FindSamplesFolder();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--font" when i + 1 < args.Length:
            fontPath = args[++i];
            break;
        case "--out" when i + 1 < args.Length:
            output = args[++i];
            break;
        default:
            Console.Error.WriteLine("usage: SampleGenerator [--font CJK.ttf|.ttc] [--out samples-folder]");
            return 1;
    }
}

if (!File.Exists(fontPath))
{
    Console.Error.WriteLine(
        $"找不到中文字体 {fontPath}；请安装 fonts-wqy-microhei（apt-get install -y fonts-wqy-microhei）或用 --font 指定 .ttf/.ttc。" +
        $" / CJK font not found at {fontPath}; install fonts-wqy-microhei (apt-get install -y fonts-wqy-microhei) or pass --font PATH to a .ttf/.ttc.");
    return 1;
}

Directory.CreateDirectory(output);
var font = TrueTypeCollection.ExtractFont(File.ReadAllBytes(fontPath));
foreach (var (name, bytes) in SampleFiles.All(font, fontPath))
{
    var path = Path.Combine(output, name);
    await File.WriteAllBytesAsync(path, bytes);
    Console.WriteLine($"wrote {path} ({bytes.Length:N0} bytes)");
}

return 0;

static string FindSamplesFolder()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Zhiku.slnx")))
        {
            return Path.Combine(dir.FullName, "samples");
        }
    }

    return Path.Combine(Environment.CurrentDirectory, "samples");
}
