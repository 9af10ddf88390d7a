namespace Zhiku.Server.Tests.Security;

/// <summary>Tests that set ZHIKU_KEY for the whole process (the server reads it from the environment, as in
/// production) run alone, so no other test's store sees the key.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KeyEnvironmentCollection
{
    public const string Name = "ZHIKU_KEY in the environment";
}
