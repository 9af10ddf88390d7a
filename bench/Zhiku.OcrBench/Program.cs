using Zhiku.OcrBench;

// OCR accuracy and speed on generated page images with known text.
//   render --out DIR [--eval ../shared/eval] [--pages N]   page images (PNG and image-only PDF) + truth .txt
//   run --pages DIR [--models DIR]                         CER per style, pages per minute
//   image FILE [--models DIR]                              the text of one image or PDF, for a look
return args.FirstOrDefault() switch
{
    "render" => PageSetRenderer.Run(args[1..]),
    "run" => await OcrRun.RunAsync(args[1..]),
    "image" => await OcrRun.ShowAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Zhiku.OcrBench render --out DIR [--eval DIR] [--pages N] | run --pages DIR [--models DIR] | image FILE [--models DIR]");
    return 1;
}
