using System.Globalization;
using System.Text;
using Counterpart.People;
using CsCheck;

namespace Counterpart.Tests.People;

public class ResidentIdTests
{
    private const string Known = "11010519491231002X";

    private static readonly string[] Provinces =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
        "81", "82", "83",
    ];

    private static readonly Gen<string> GenRegion = Gen.Select(
        Gen.OneOf(Provinces), Gen.Int[0, 9999], (p, r) => p + r.ToString("D4", CultureInfo.InvariantCulture));

    private static readonly Gen<DateOnly> GenBirthDate = Gen.DateOnly[new DateOnly(1900, 1, 1), new DateOnly(2099, 12, 31)];

    private static readonly Gen<string> GenValidId = Gen.Select(
        GenRegion, GenBirthDate, Gen.Int[0, 999], ResidentId.Create);

    // Builds a number whose check character is right, so only the part under test is wrong.
    private static string WithCheck(string first17) => first17 + ResidentId.ComputeCheck(first17);

    [Fact]
    public void Parse_ValidEighteenDigit_DerivesBirthDateAndGender()
    {
        var result = ResidentId.Parse(Known);

        Assert.True(result.IsValid);
        Assert.Equal(ResidentIdError.None, result.Error);
        Assert.Equal(Known, result.Normalized);
        Assert.Equal(new DateOnly(1949, 12, 31), result.BirthDate);
        Assert.Equal(Gender.Female, result.Gender);
        Assert.False(result.UpgradedFrom15);
        Assert.Equal(string.Empty, result.ErrorMessageZh);
    }

    [Fact]
    public void Parse_OddSeventeenthDigit_IsMale()
    {
        var result = ResidentId.Parse(WithCheck("11010519491231001"));

        Assert.True(result.IsValid);
        Assert.Equal(Gender.Male, result.Gender);
    }

    [Fact]
    public void Parse_FifteenDigit_UpgradesToEighteen()
    {
        var result = ResidentId.Parse("110105491231002");

        Assert.True(result.IsValid);
        Assert.True(result.UpgradedFrom15);
        Assert.Equal(Known, result.Normalized);
        Assert.Equal(new DateOnly(1949, 12, 31), result.BirthDate);
    }

    [Theory]
    [InlineData("１１０１０５１９４９１２３１００２Ｘ")]
    [InlineData("１１０１０５１９４９１２３１００２ｘ")]
    [InlineData("11010519491231002x")]
    [InlineData("\u3000110105 1949-1231 002x\u00A0")]
    [InlineData("110105－19491231－002X")]
    [InlineData("'11010519491231002X")]
    public void Parse_DecoratedInput_NormalisesToCanonical(string input)
    {
        var result = ResidentId.Parse(input);

        Assert.True(result.IsValid, result.ErrorMessageZh);
        Assert.Equal(Known, result.Normalized);
    }

    [Theory]
    [InlineData("5.22726E+17")]
    [InlineData("5.22726199001011E+17")]
    [InlineData("5.22726e+17")]
    [InlineData("1.10105E+14")]
    [InlineData("５.２２７２６Ｅ＋１７")]
    public void Parse_ExcelScientificNotation_ReportsExcelError(string input)
    {
        var result = ResidentId.Parse(input);

        Assert.False(result.IsValid);
        Assert.Equal(ResidentIdError.ExcelScientificNotation, result.Error);
        Assert.Contains("Excel", result.ErrorMessageZh, StringComparison.Ordinal);
        Assert.Contains("文本", result.ErrorMessageZh, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("19490230")]
    [InlineData("19490229")]
    [InlineData("19491301")]
    [InlineData("19490100")]
    [InlineData("18991231")]
    public void Parse_ImpossibleBirthDate_ReportsInvalidBirthDate(string yyyyMMdd)
    {
        var result = ResidentId.Parse(WithCheck("110105" + yyyyMMdd + "002"));

        Assert.Equal(ResidentIdError.InvalidBirthDate, result.Error);
        Assert.Null(result.Normalized);
    }

    [Fact]
    public void Parse_BirthDateAfterToday_ReportsInvalidBirthDateOnlyWhenTodayGiven()
    {
        var id = ResidentId.Create("110105", new DateOnly(2030, 1, 1), 1);

        Assert.Equal(ResidentIdError.InvalidBirthDate, ResidentId.Parse(id, new DateOnly(2025, 6, 1)).Error);
        Assert.True(ResidentId.Parse(id, new DateOnly(2030, 1, 1)).IsValid);
        Assert.True(ResidentId.Parse(id).IsValid);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("16")]
    [InlineData("71")]
    [InlineData("91")]
    [InlineData("99")]
    public void Parse_UnknownProvince_ReportsInvalidRegion(string province)
    {
        var result = ResidentId.Parse(WithCheck(province + "010519491231002"));

        Assert.Equal(ResidentIdError.InvalidRegion, result.Error);
    }

    [Fact]
    public void Parse_WrongCheckCharacter_ReportsExpectedCheck()
    {
        var result = ResidentId.Parse("110105194912310021");

        Assert.Equal(ResidentIdError.ChecksumMismatch, result.Error);
        Assert.Equal('X', result.ExpectedCheck);
        Assert.Contains("应为 X", result.ErrorMessageZh, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, ResidentIdError.Empty)]
    [InlineData("", ResidentIdError.Empty)]
    [InlineData("\u3000\u00A0 ", ResidentIdError.Empty)]
    [InlineData("110105491301002", ResidentIdError.InvalidBirthDate)]
    [InlineData("1101051949123100", ResidentIdError.WrongLength)]
    [InlineData("11010519491231002X1", ResidentIdError.WrongLength)]
    [InlineData("11010519491231002A", ResidentIdError.InvalidCharacters)]
    [InlineData("1101051949123100X2", ResidentIdError.InvalidCharacters)]
    [InlineData("11010549123100X", ResidentIdError.InvalidCharacters)]
    [InlineData("身份证110105", ResidentIdError.InvalidCharacters)]
    public void Parse_MalformedInput_ReportsErrorKind(string? input, ResidentIdError expected)
    {
        var result = ResidentId.Parse(input);

        Assert.Equal(expected, result.Error);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void ErrorMessageZh_EveryError_HasDistinctMessage()
    {
        var errors = Enum.GetValues<ResidentIdError>().Where(e => e != ResidentIdError.None).ToList();
        var messages = errors.Select(e => new ResidentIdResult(e, ExpectedCheck: '5').ErrorMessageZh).ToList();

        Assert.All(messages, m => Assert.False(string.IsNullOrWhiteSpace(m)));
        Assert.Equal(errors.Count, messages.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(Known, "110105********002X")]
    [InlineData("110105491231002", "*************02")]
    [InlineData("12345", "***45")]
    [InlineData("", "")]
    public void Mask_Input_HidesMiddle(string input, string expected)
    {
        Assert.Equal(expected, ResidentId.Mask(input));
    }

    // One prefix per residue 0..10, computed independently of this code.
    [Theory]
    [InlineData("11010519491231001", '1')]
    [InlineData("11010519491231007", '0')]
    [InlineData("11010519491231002", 'X')]
    [InlineData("11010519491231008", '9')]
    [InlineData("11010519491231003", '8')]
    [InlineData("11010519491231009", '7')]
    [InlineData("11010519491231004", '6')]
    [InlineData("11010519491231018", '5')]
    [InlineData("11010519491231005", '4')]
    [InlineData("11010519491231000", '3')]
    [InlineData("11010519491231006", '2')]
    public void ComputeCheck_EachResidue_MapsToStandardCharacter(string first17, char expected)
    {
        Assert.Equal(expected, ResidentId.ComputeCheck(first17));
    }

    [Fact]
    public void ComputeCheck_NotSeventeenDigits_Throws()
    {
        Assert.Throws<ArgumentException>(() => ResidentId.ComputeCheck("1101051949123100"));
        Assert.Throws<ArgumentException>(() => ResidentId.ComputeCheck("1101051949123100A"));
    }

    [Fact]
    public void Create_OutOfRangeArguments_Throw()
    {
        var date = new DateOnly(1990, 1, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => ResidentId.Create("110105", date, 1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => ResidentId.Create("110105", date, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ResidentId.Create("110105", new DateOnly(1899, 12, 31), 1));
        Assert.Throws<ArgumentException>(() => ResidentId.Create("990105", date, 1));
        Assert.Throws<ArgumentException>(() => ResidentId.Create("11010", date, 1));
    }

    [Theory]
    [InlineData("1990-06-15", "2025-06-14", 34)]
    [InlineData("1990-06-15", "2025-06-15", 35)]
    [InlineData("2000-02-29", "2025-02-28", 24)]
    [InlineData("2000-02-29", "2025-03-01", 25)]
    [InlineData("2025-01-01", "2025-01-01", 0)]
    public void AgeOn_Dates_CountsCompletedYears(string birth, string today, int expected)
    {
        var age = ResidentId.AgeOn(
            DateOnly.Parse(birth, CultureInfo.InvariantCulture), DateOnly.Parse(today, CultureInfo.InvariantCulture));

        Assert.Equal(expected, age);
    }

    [Fact]
    public void AgeOn_TodayBeforeBirth_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ResidentId.AgeOn(new DateOnly(2000, 1, 2), new DateOnly(2000, 1, 1)));
    }

    [Fact]
    public void Create_AnyRegionDateSequence_ParsesValidWithSameBirthDateAndGender()
    {
        Gen.Select(GenRegion, GenBirthDate, Gen.Int[0, 999]).Sample((region, date, seq) =>
        {
            var result = ResidentId.Parse(ResidentId.Create(region, date, seq));

            Assert.True(result.IsValid, result.ErrorMessageZh);
            Assert.StartsWith(region, result.Normalized!, StringComparison.Ordinal);
            Assert.Equal(date, result.BirthDate);
            Assert.Equal(seq % 2 == 1 ? Gender.Male : Gender.Female, result.Gender);
        });
    }

    [Fact]
    public void Parse_SingleDigitChangedInFirst17_IsInvalid()
    {
        Gen.Select(GenValidId, Gen.Int[0, 16], Gen.Int[1, 9]).Sample((id, position, delta) =>
        {
            var chars = id.ToCharArray();
            chars[position] = (char)('0' + ((chars[position] - '0' + delta) % 10));

            Assert.False(ResidentId.Parse(new string(chars)).IsValid);
        });
    }

    [Fact]
    public void Parse_FullWidthOrLowerCaseRendering_NormalisesToSameValue()
    {
        Gen.Select(GenValidId, Gen.Bool.Array[18], Gen.Bool).Sample((id, fullWidth, addSpaces) =>
        {
            var sb = new StringBuilder();
            for (var i = 0; i < id.Length; i++)
            {
                var c = id[i] == 'X' && !fullWidth[i] ? 'x' : id[i];
                sb.Append(fullWidth[i] ? (char)(c + 0xFEE0) : c);
                if (addSpaces && i is 5 or 13)
                {
                    sb.Append(' ');
                }
            }

            Assert.Equal(id, ResidentId.Parse(sb.ToString()).Normalized);
        });
    }

    [Fact]
    public void Parse_FifteenDigitFormOfTwentiethCenturyNumber_UpgradesToSameValue()
    {
        Gen.Select(GenRegion, Gen.DateOnly[new DateOnly(1900, 1, 1), new DateOnly(1999, 12, 31)], Gen.Int[0, 999])
            .Sample((region, date, seq) =>
            {
                var id = ResidentId.Create(region, date, seq);
                var old = string.Concat(id.AsSpan(0, 6), id.AsSpan(8, 9));

                var result = ResidentId.Parse(old);

                Assert.True(result.UpgradedFrom15);
                Assert.Equal(id, result.Normalized);
            });
    }
}
