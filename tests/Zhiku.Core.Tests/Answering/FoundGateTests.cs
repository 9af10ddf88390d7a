using Zhiku.Core.Answering;

namespace Zhiku.Core.Tests.Answering;

public sealed class FoundGateTests
{
    [Fact]
    public void AValueInTheAskedUnitNextToTheKeyTermsRaisesTheEvidenceAndNoValueInItLowersIt()
    {
        var gate = new FoundGate();
        double Evidence(UnitEvidence unit) => gate.Evidence(0.3, holdsAsked: true, fromTopHit: false, margin: 0, topChunkCoverage: 0.3, unit: unit);

        Assert.Equal(0.3, Evidence(UnitEvidence.NotAsked), 6);
        Assert.Equal(0.3, Evidence(UnitEvidence.Held), 6);
        Assert.Equal(0.3 * FoundGate.UnitNearKeyTermsFactor, Evidence(UnitEvidence.NearKeyTerms), 6);
        Assert.Equal(0.3 * FoundGate.UnitMissingFactor, Evidence(UnitEvidence.Missing), 6);
        Assert.True(gate.Found(Evidence(UnitEvidence.NearKeyTerms)));
        Assert.False(gate.Found(Evidence(UnitEvidence.NotAsked)));
    }
}
