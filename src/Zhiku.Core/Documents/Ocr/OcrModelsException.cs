namespace Zhiku.Core.Documents.Ocr;

/// <summary>The OCR models could not be installed or loaded; the message says why and what to do.</summary>
public sealed class OcrModelsException : Exception
{
    public OcrModelsException(string message) : base(message) { }

    public OcrModelsException(string message, Exception inner) : base(message, inner) { }

    public OcrModelsException() { }
}
