namespace Zhiku.Core.Documents;

/// <summary>
/// The user-facing reasons a file cannot be read, in Chinese and English, each naming the file and what to do.
/// Kept in one place so the wording stays consistent across parsers.
/// </summary>
internal static class DocumentErrors
{
    public static DocumentParseException NotText(string file) => Make(file,
        "不是文本文件（含有二进制内容），请确认扩展名是否正确",
        "not a text file (it holds binary data); check that the file extension is right");

    public static DocumentParseException TooLarge(string file, long size, long limit) => Make(file,
        $"文件大小 {Mb(size)} 超过上限 {Mb(limit)}，请拆分文件或调高上限",
        $"file size {Mb(size)} is over the limit of {Mb(limit)}; split the file or raise the limit");

    public static DocumentParseException PdfEncrypted(string file, Exception? inner = null) => Make(file,
        "PDF 已加密，需要密码才能读取，请解除密码保护后再导入",
        "the PDF is encrypted and needs a password; remove the protection and ingest it again", inner);

    public static DocumentParseException PdfCorrupt(string file, Exception? inner = null) => Make(file,
        "PDF 文件已损坏或不完整（可能下载未完成），无法读取，请重新获取该文件",
        "the PDF is corrupt or truncated (an incomplete download?) and cannot be read; get the file again", inner);

    public static DocumentParseException OfficeEncrypted(string file, string format) => Make(file,
        $"{format} 文件已加密（设有打开密码），无法读取，请提供未加密的文件",
        $"the {format} file is encrypted (it has an open password) and cannot be read; give the password-free file");

    public static DocumentParseException NeedsLibreOffice(string file, string extension, string install) => Make(file,
        $"读取 {extension} 文件需要 LibreOffice，但未安装；请安装：{install}",
        $"reading {extension} files needs LibreOffice, which is not installed; install it: {install}");

    public static DocumentParseException ConversionFailed(string file, string extension) => Make(file,
        $"LibreOffice 无法转换该 {extension} 文件（可能已加密或损坏），请提供未加密的文件或用 Office 另存为新格式",
        $"LibreOffice could not convert this {extension} file (encrypted or damaged?); give the password-free file or save it in a current format");

    public static DocumentParseException ConversionTimedOut(string file, TimeSpan timeout) => Make(file,
        $"LibreOffice 转换超过 {timeout.TotalSeconds:0} 秒未完成，已终止；请检查文件或用 Office 另存为新格式",
        $"the LibreOffice conversion ran over {timeout.TotalSeconds:0} s and was stopped; check the file or save it in a current format");

    public static DocumentParseException NotZip(string file, string format, Exception? inner = null) => Make(file,
        $"不是有效的 {format} 文件（不是 zip 压缩包或已损坏），请用 Office 重新保存",
        $"not a valid {format} file (not a zip package, or damaged); save it again from Office", inner);

    public static DocumentParseException ZipBomb(string file, long uncompressed, long limit) => Make(file,
        $"解压后大小 {Mb(uncompressed)} 超过安全上限 {Mb(limit)}（疑似压缩炸弹），已拒绝",
        $"unpacks to {Mb(uncompressed)}, over the safety limit of {Mb(limit)} (a zip bomb?); refused");

    public static DocumentParseException Corrupt(string file, string format, Exception? inner = null) => Make(file,
        $"无法按 {format} 格式读取，文件可能已损坏，请检查文件内容",
        $"cannot be read as {format}; the file may be damaged, check its content", inner);

    public static DocumentParseException BadJson(string file, string detail, Exception? inner = null) => Make(file,
        $"JSON 格式错误：{detail}，请修正后再导入",
        $"invalid JSON: {detail}; fix it and ingest again", inner);

    public static DocumentParseException BadJsonLine(string file, long line, string detail, Exception? inner = null) => Make(file,
        $"第 {line} 行不是有效的 JSON 记录：{detail}，请修正该行后再导入",
        $"line {line} is not a valid JSON record: {detail}; fix that line and ingest again", inner);

    public static DocumentParseException NoTextField(string file) => Make(file,
        "没有找到文本字段（text / content / body / passage），请为每条记录提供其中之一",
        "no text field (text / content / body / passage) found; give each record one of them");

    public static DocumentParseException TooDeep(string file, string format, int limit) => Make(file,
        $"{format} 的结构嵌套超过 {limit} 层（疑似恶意构造），已拒绝；请用原软件重新保存",
        $"the {format} structure nests more than {limit} levels deep (a hostile file?); refused, save it again from the program that made it");

    public static DocumentParseException UnlikelyText(string file, string encoding) => Make(file,
        $"按 {encoding} 解码后多为乱码（编码无法识别），未导入；请将文件另存为 UTF-8 后再导入",
        $"decodes (as {encoding}) into mostly unlikely characters, so its encoding is not known; not indexed, save it as UTF-8 and ingest it again");

    public static DocumentParseException Unexpected(string file, string format, Exception inner) => Make(file,
        $"读取 {format} 时出错，文件可能已损坏或格式不受支持",
        $"failed while reading it as {format}; the file may be damaged or use an unsupported feature", inner);

    public static DocumentParseException OcrUnavailable(string file, Exception inner) =>
        new($"{file}: 需要 OCR 才能读取 / needs OCR to be read — {inner.Message}", inner);

    public static DocumentParseException BadImage(string file, string detail, Exception? inner = null) => Make(file,
        $"图片无法读取：{detail}，请检查文件",
        $"the image cannot be read: {detail}; check the file", inner);

    private static DocumentParseException Make(string file, string zh, string en, Exception? inner = null)
    {
        var message = $"{file}: {zh} / {en}";
        return inner is null ? new DocumentParseException(message) : new DocumentParseException(message, inner);
    }

    private static string Mb(long bytes) => bytes >= 1024 * 1024
        ? $"{bytes / (1024.0 * 1024):0.#} MB"
        : $"{bytes:N0} B";
}
