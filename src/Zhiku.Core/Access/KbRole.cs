namespace Zhiku.Core.Access;

/// <summary>What a user may do with one knowledge base (ordered: each includes the ones before).</summary>
public enum KbRole
{
    /// <summary>Cannot see it at all (it does not exist for them).</summary>
    None = 0,

    /// <summary>Search, ask and read the documents their groups allow.</summary>
    Reader = 1,

    /// <summary>Also upload, delete and re-index documents and change who has access.</summary>
    Editor = 2,

    /// <summary>Also configure and delete it (its owner or an admin).</summary>
    Owner = 3,
}
