using Counterpart.People;
using CsCheck;

namespace Counterpart.Tests.People;

public class CreditCodeTests
{
    private static readonly Gen<string> GenFirst17 = Gen.Char[CreditCode.Alphabet].Array[17].Select(a => new string(a));

    [Theory]
    [InlineData("91350100M000100Y43")]
    [InlineData("91110000100006485K")]
    public void Parse_KnownGenuineCode_IsValid(string code)
    {
        var result = CreditCode.Parse(code);

        Assert.Equal(CreditCodeStatus.Valid, result.Status);
        Assert.True(result.IsAcceptable);
        Assert.Equal(code, result.Normalized);
        Assert.Null(result.MessageZh);
    }

    [Fact]
    public void Parse_EarlyPilotCodeFailingCheck_WarnsButAccepts()
    {
        var result = CreditCode.Parse("91350100M0001TGQXM");

        Assert.Equal(CreditCodeStatus.ChecksumWarning, result.Status);
        Assert.True(result.IsAcceptable);
        Assert.Equal("91350100M0001TGQXM", result.Normalized);
        Assert.Contains("校验位", result.MessageZh, StringComparison.Ordinal);
        Assert.Contains("应为 1", result.MessageZh, StringComparison.Ordinal);
        Assert.Contains("试点", result.MessageZh, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" 9135 0100 m000 100y43 ")]
    [InlineData("９１３５０１００Ｍ０００１００Ｙ４３")]
    [InlineData("\u300091350100m000100y43\u00A0")]
    public void Parse_DecoratedInput_NormalisesToCanonical(string input)
    {
        var result = CreditCode.Parse(input);

        Assert.Equal(CreditCodeStatus.Valid, result.Status);
        Assert.Equal("91350100M000100Y43", result.Normalized);
    }

    [Theory]
    [InlineData('I')]
    [InlineData('O')]
    [InlineData('Z')]
    [InlineData('S')]
    [InlineData('V')]
    [InlineData('-')]
    public void Parse_CharacterOutsideAlphabet_IsInvalid(char forbidden)
    {
        var result = CreditCode.Parse("91350100" + forbidden + "000100Y43");

        Assert.Equal(CreditCodeStatus.Invalid, result.Status);
        Assert.False(result.IsAcceptable);
        Assert.Null(result.Normalized);
        Assert.Contains(forbidden.ToString(), result.MessageZh, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("91350100M000100Y4")]
    [InlineData("91350100M000100Y433")]
    public void Parse_EmptyOrWrongLength_IsInvalid(string? input)
    {
        var result = CreditCode.Parse(input);

        Assert.Equal(CreditCodeStatus.Invalid, result.Status);
        Assert.False(string.IsNullOrWhiteSpace(result.MessageZh));
    }

    [Theory]
    [InlineData("91350100M000100Y4", '3')]
    [InlineData("91110000100006485", 'K')]
    [InlineData("00000000000000000", '0')]
    public void ComputeCheck_KnownPrefix_ReturnsCheckCharacter(string first17, char expected)
    {
        Assert.Equal(expected, CreditCode.ComputeCheck(first17));
    }

    [Theory]
    [InlineData("91350100M000100Y")]
    [InlineData("91350100O000100Y4")]
    [InlineData("91350100m000100Y4")]
    public void ComputeCheck_BadPrefix_Throws(string first17)
    {
        Assert.Throws<ArgumentException>(() => CreditCode.ComputeCheck(first17));
        Assert.Throws<ArgumentException>(() => CreditCode.Create(first17));
    }

    [Fact]
    public void Create_AnyPrefixFromAlphabet_ParsesValid()
    {
        GenFirst17.Sample(first17 =>
        {
            var code = CreditCode.Create(first17);
            var result = CreditCode.Parse(code);

            Assert.Equal(CreditCodeStatus.Valid, result.Status);
            Assert.Equal(code, result.Normalized);
        });
    }

    [Fact]
    public void Parse_SingleSubstitutionInValidCode_IsChecksumWarning()
    {
        Gen.Select(GenFirst17, Gen.Int[0, 17], Gen.Int[1, 30]).Sample((first17, position, shift) =>
        {
            var chars = CreditCode.Create(first17).ToCharArray();
            var value = CreditCode.Alphabet.IndexOf(chars[position], StringComparison.Ordinal);
            chars[position] = CreditCode.Alphabet[(value + shift) % 31];

            Assert.Equal(CreditCodeStatus.ChecksumWarning, CreditCode.Parse(new string(chars)).Status);
        });
    }
}
