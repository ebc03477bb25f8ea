using Counterpart.Indicators;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Counterpart.Tests.Indicators;

public sealed class CountingRulesConfigurationTests
{
    [Fact]
    public void AddCounterpart_RulesInConfiguration_OverrideTheDefaults()
    {
        var rules = Build(new() { ["Counterpart:CountingRules:StableEmploymentMonths"] = "6", ["Counterpart:CountingRules:CountPublicWelfarePosts"] = "false" });

        Assert.Equal(6, rules.StableEmploymentMonths);
        Assert.False(rules.CountPublicWelfarePosts);
        Assert.Equal(CountingRules.Default.ProfessionalMinStayDays, rules.ProfessionalMinStayDays);
    }

    [Fact]
    public void AddCounterpart_NoRulesConfigured_UsesTheDocumentedDefaults()
    {
        var rules = Build([]);

        Assert.Equal((30, 3, true), (rules.ProfessionalMinStayDays, rules.StableEmploymentMonths, rules.CountPublicWelfarePosts));
    }

    [Theory]
    [InlineData("ProfessionalMinStayDays", "0")]
    [InlineData("StableEmploymentMonths", "-1")]
    public void AddCounterpart_MeaninglessRule_FailsNamingTheSetting(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["Counterpart:CountingRules:" + key] = value }));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static CountingRules Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddLogging().AddCounterpart(configuration).BuildServiceProvider();
        return provider.GetRequiredService<CountingRules>();
    }
}
