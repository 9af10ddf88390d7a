using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace Zhiku.Core.Documents;

/// <summary>
/// Email (.eml, one message) and mailboxes (.mbox, many; MimeKit): each message a document titled by its subject,
/// opening with who sent it to whom and when; an HTML body is read as HTML (an alternative plain text body wins);
/// the quoted history of a reply ("&gt; …", "On … wrote:", "-----原始邮件-----", Outlook's "From:" block, HTML
/// blockquotes) is left out, since the message it quotes is indexed on its own. Each attachment in a format
/// Zhiku reads becomes a document of its own, titled with the message it came with. A mailbox that is not one,
/// or a message with no headers, is refused with one line.
/// </summary>
public sealed partial class EmailParser : IDocumentParser
{
    private readonly IReadOnlyDictionary<string, IDocumentParser> _attachmentParsers;
    private readonly HtmlParser _html = new();

    /// <summary>A parser that reads attachments with <paramref name="attachmentParsers"/> (by extension; none when empty).</summary>
    public EmailParser(IEnumerable<IDocumentParser> attachmentParsers)
    {
        var map = new Dictionary<string, IDocumentParser>(StringComparer.OrdinalIgnoreCase);
        foreach (var parser in attachmentParsers)
        {
            foreach (var extension in parser.Extensions)
            {
                map[extension] = parser;
            }
        }

        _attachmentParsers = map;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Extensions { get; } = [".eml", ".mbox"];

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExtractedDocument>> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var mbox = fileName.EndsWith(".mbox", StringComparison.OrdinalIgnoreCase);
        var format = mbox ? "mbox" : "email (.eml)";
        var documents = new List<ExtractedDocument>();
        try
        {
            var parser = new MimeParser(content, mbox ? MimeFormat.Mbox : MimeFormat.Entity);
            var index = 0;
            while (!parser.IsEndOfStream)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var message = await parser.ParseMessageAsync(cancellationToken).ConfigureAwait(false);
                index++;
                if (message.Headers.Count == 0 || (message.From.Count == 0 && message.Date == DateTimeOffset.MinValue && message.Subject is null))
                {
                    throw DocumentErrors.Corrupt(fileName, $"{format} (message {index} has no headers)");
                }

                await AddMessageAsync(message, mbox ? index : 0, fileName, documents, cancellationToken).ConfigureAwait(false);
                if (!mbox)
                {
                    break;
                }
            }
        }
        catch (FormatException e)
        {
            throw DocumentErrors.Corrupt(fileName, format, e);
        }

        return documents;
    }

    private async Task AddMessageAsync(MimeMessage message, int index, string fileName, List<ExtractedDocument> documents, CancellationToken cancellationToken)
    {
        var subject = string.IsNullOrWhiteSpace(message.Subject) ? ParserInput.TitleFromFileName(fileName) : message.Subject.Trim();
        var id = message.MessageId ?? (index > 0 ? index.ToString(CultureInfo.InvariantCulture) : null);
        var builder = new ExtractedTextBuilder();
        builder.Add(subject, BlockKind.Heading, subject);
        builder.Add(Envelope(message), BlockKind.Paragraph, subject);
        if (message.TextBody is { } text && !string.IsNullOrWhiteSpace(text))
        {
            builder.AddParagraphs(WithoutQuotedHistory(text), subject);
        }
        else if (message.HtmlBody is { } html)
        {
            var body = await HtmlBodyAsync(html, cancellationToken).ConfigureAwait(false);
            if (body is not null)
            {
                foreach (var block in body.Blocks)
                {
                    var path = block.HeadingPath.Length == 0 ? subject : subject + HeadingTrail.Separator + block.HeadingPath;
                    builder.Add(body.Text.Substring(block.Start, block.Length), block.Kind, path);
                }
            }
        }

        if (builder.Build(index > 0 ? id : null, subject, "email") is { } document)
        {
            documents.Add(document);
        }

        foreach (var attachment in message.Attachments.OfType<MimePart>())
        {
            await AddAttachmentAsync(attachment, subject, id, documents, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AddAttachmentAsync(MimePart attachment, string subject, string? messageId, List<ExtractedDocument> documents, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(attachment.FileName ?? "");
        if (name.Length == 0 || !_attachmentParsers.TryGetValue(Path.GetExtension(name), out var parser) || attachment.Content is null)
        {
            return;
        }

        using var bytes = new MemoryStream();
        await attachment.Content.DecodeToAsync(bytes, cancellationToken).ConfigureAwait(false);
        bytes.Position = 0;
        IReadOnlyList<ExtractedDocument> parsed;
        try
        {
            parsed = await parser.ParseAsync(bytes, name, cancellationToken).ConfigureAwait(false);
        }
        catch (DocumentParseException)
        {
            // An attachment that cannot be read does not make the message unreadable; the message is still indexed.
            return;
        }

        foreach (var document in parsed)
        {
            documents.Add(document with
            {
                ExternalId = $"{messageId ?? "message"}/{name}{(document.ExternalId is null ? "" : "#" + document.ExternalId)}",
                Title = $"{document.Title}（邮件「{subject}」的附件 / attachment of \"{subject}\"）",
            });
        }
    }

    private async Task<ExtractedDocument?> HtmlBodyAsync(string html, CancellationToken cancellationToken)
    {
        var dom = await new AngleSharp.Html.Parser.HtmlParser().ParseDocumentAsync(html, cancellationToken).ConfigureAwait(false);
        foreach (var quoted in dom.QuerySelectorAll("blockquote, .gmail_quote, #divRplyFwdMsg, #appendonsend").ToList())
        {
            quoted.Remove();
        }

        var bytes = Encoding.UTF8.GetBytes("<!DOCTYPE html><meta charset=\"utf-8\">" + (dom.Body?.OuterHtml ?? ""));
        var parsed = await _html.ParseAsync(new MemoryStream(bytes), "body.html", cancellationToken).ConfigureAwait(false);
        return parsed.Count > 0 ? parsed[0] : null;
    }

    private static string Envelope(MimeMessage message)
    {
        var sb = new StringBuilder();
        sb.Append("发件人 From: ").Append(message.From).Append('\n');
        if (message.To.Count > 0)
        {
            sb.Append("收件人 To: ").Append(message.To).Append('\n');
        }

        if (message.Cc.Count > 0)
        {
            sb.Append("抄送 Cc: ").Append(message.Cc).Append('\n');
        }

        if (message.Date != DateTimeOffset.MinValue)
        {
            sb.Append("日期 Date: ").Append(message.Date.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The text of a reply without the history it quotes: quoted lines, and everything from a reply header on.</summary>
    internal static string WithoutQuotedHistory(string text)
    {
        var sb = new StringBuilder();
        var hasOwnText = false;
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var trimmed = line.Trim();
            if (hasOwnText && ReplyHeader().IsMatch(trimmed))
            {
                break;
            }

            if (trimmed.StartsWith('>'))
            {
                continue;
            }

            hasOwnText |= trimmed.Length > 0;
            sb.Append(line).Append('\n');
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"^(On .{4,200} wrote:|在 ?.{4,200}写道[:：]|-{2,} ?(Original Message|原始邮件|Forwarded message|转发邮件)[^-]*-{2,}|(From|发件人) ?[:：].+)$", RegexOptions.IgnoreCase)]
    private static partial Regex ReplyHeader();
}
