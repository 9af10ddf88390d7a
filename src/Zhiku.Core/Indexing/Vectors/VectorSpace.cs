namespace Zhiku.Core.Indexing.Vectors;

/// <summary>
/// Which model made a set of vectors and how long they are. Vectors from two spaces are never comparable, so an
/// index belongs to exactly one space.
/// </summary>
public sealed record VectorSpace(string ModelId, int Dimensions)
{
    /// <summary>Throws <see cref="VectorSpaceMismatchException"/> unless <paramref name="other"/> is the same space.</summary>
    public void EnsureSame(VectorSpace other)
    {
        if (!string.Equals(ModelId, other.ModelId, StringComparison.Ordinal) || Dimensions != other.Dimensions)
        {
            throw new VectorSpaceMismatchException(this, other);
        }
    }

    public override string ToString() => $"{ModelId} ({Dimensions}d)";
}
