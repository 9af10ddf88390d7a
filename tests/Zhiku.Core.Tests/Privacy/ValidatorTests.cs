using Zhiku.Core.Privacy;

namespace Zhiku.Core.Tests.Privacy;

public sealed class ValidatorTests
{
    private static readonly DateOnly Today = new(2025, 6, 1);

    [Theory]
    [InlineData("11010519491231002X", true)]   // GB 11643 standard example
    [InlineData("11010519491231002x", true)]
    [InlineData("440308199901011238", false)] // wrong check digit
    [InlineData("110105194912310021", false)]
    [InlineData("990105194912310029", false)] // no province 99
    [InlineData("110105194902300027", false)] // 30 February
    [InlineData("110105203001010014", false)] // born in the future
    [InlineData("11010519491231002", false)]
    public void ChineseId18(string id, bool valid) => Assert.Equal(valid, ChineseIdValidator.IsValid(id, Today));

    [Theory]
    [InlineData("110105491231002", true)]
    [InlineData("110105491331002", false)]
    [InlineData("990105491231002", false)]
    public void ChineseId15(string id, bool valid) => Assert.Equal(valid, ChineseIdValidator.IsValid(id, Today));

    [Fact]
    public void ChineseIdCheckCharacter() => Assert.Equal('X', ChineseIdValidator.ComputeCheckChar("11010519491231002"));

    [Theory]
    [InlineData("6222021234567890128", true)]
    [InlineData("4111111111111111", true)]
    [InlineData("4111111111111112", false)]
    [InlineData("6222021234567890129", false)]
    public void Luhn(string number, bool valid) => Assert.Equal(valid, BankCardValidator.PassesLuhn(number));

    [Theory]
    [InlineData("4111111111111111", true)]
    [InlineData("6222021234567890128", true)]
    [InlineData("9996878845159280", false)]
    [InlineData("1234567812345670", false)]
    public void CardPrefix(string number, bool plausible) => Assert.Equal(plausible, BankCardValidator.HasPlausiblePrefix(number));

    [Theory]
    [InlineData("91350100M000100Y43", true)]
    [InlineData("91350100M000100Y44", false)]
    [InlineData("91350100M000100I43", false)] // I is not in the alphabet
    [InlineData("9135010OM000100Y43", false)] // region part must be digits
    public void Uscc(string code, bool valid) => Assert.Equal(valid, UsccValidator.IsValid(code));

    [Theory]
    [InlineData("A1234563", true)]
    [InlineData("A1234564", false)]
    [InlineData("G1234566", false)]
    public void HongKongId(string id, bool valid) => Assert.Equal(valid, HmtIdValidator.IsValidHongKong(id));

    [Theory]
    [InlineData("A123456789", true)]
    [InlineData("A123456788", false)]
    [InlineData("A323456789", false)]
    public void TaiwanId(string id, bool valid) => Assert.Equal(valid, HmtIdValidator.IsValidTaiwan(id));
}
