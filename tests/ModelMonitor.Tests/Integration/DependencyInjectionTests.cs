using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ModelMonitor.DependencyInjection;
using ModelMonitor.Rolling;
using ModelMonitor.Tagging;

namespace ModelMonitor.Tests.Integration;

public sealed class DependencyInjectionTests
{
    [Fact]
    public void GetMonitor_SameName_ReturnsOneInstancePerModel()
    {
        var services = new ServiceCollection();
        services.AddModelMonitoring()
            .AddModel("fraud-v3", o => o.ClassCount = 2)
            .AddModel("intent", o => o.ClassCount = 5);
        using var provider = services.BuildServiceProvider();

        var registry = provider.GetRequiredService<IModelMonitorRegistry>();
        var fraud = registry.GetMonitor("fraud-v3");

        Assert.Same(fraud, registry.GetMonitor("fraud-v3"));
        Assert.NotSame(fraud, registry.GetMonitor("intent"));
        Assert.Same(fraud, provider.GetRequiredKeyedService<IModelMonitor>("fraud-v3"));
        Assert.Equal(["fraud-v3", "intent"], registry.ModelNames);
        Assert.Equal(5, registry.GetMonitor("intent").Monitors.OfType<RollingStatisticsMonitor>().Single().ClassCount);
    }

    [Fact]
    public void OptionsMonitor_Get_ReadsEachModelsNamedOptions()
    {
        var services = new ServiceCollection();
        services.AddModelMonitoring()
            .AddModel("a", o => o.Rolling.CountWindowSize = 10)
            .AddModel("b", o => o.Rolling.CountWindowSize = 20);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<ModelMonitorOptions>>();

        Assert.Equal(10, options.Get("a").Rolling.CountWindowSize);
        Assert.Equal(20, options.Get("b").Rolling.CountWindowSize);
    }

    [Fact]
    public void GetMonitor_UnknownName_ThrowsNamingItAndTheRegisteredOnes()
    {
        var services = new ServiceCollection();
        services.AddModelMonitoring().AddModel("fraud-v3", _ => { });
        using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<IModelMonitorRegistry>().GetMonitor("fraud-v4"));

        Assert.Equal("modelName", e.ParamName);
        Assert.Contains("'fraud-v4'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'fraud-v3'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddModelMonitoring_CalledTwice_RegistersServicesOnce()
    {
        var services = new ServiceCollection();
        services.AddModelMonitoring().AddModel("a", _ => { });
        services.AddModelMonitoring().AddModel("a", _ => { });

        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        Assert.Single(services, d => d.ServiceType == typeof(IModelMonitorRegistry));
        Assert.Single(services, d => d.ServiceType == typeof(IModelMonitor) && d.IsKeyedService);
        using var provider = services.BuildServiceProvider();
        Assert.Equal(["a"], provider.GetRequiredService<IModelMonitorRegistry>().ModelNames);
    }

    [Fact]
    public void AddModel_ConfigurationSection_BindsNestedOptions()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Models:intent:ClassCount"] = "3",
            ["Models:intent:ClassNames:0"] = "billing",
            ["Models:intent:ClassNames:1"] = "support",
            ["Models:intent:ClassNames:2"] = "sales",
            ["Models:intent:Rolling:TimeWindow"] = "00:10:00",
            ["Models:intent:Rolling:MaxCohorts"] = "7",
            ["Models:intent:Tagging:0:Criterion"] = "SmallestMargin",
            ["Models:intent:Tagging:0:Budget"] = "25",
            ["Models:intent:Drift:NumericTest"] = "kolmogorovsmirnov",
            ["Models:intent:Alerts:CoolDown"] = "00:30:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddModelMonitoring().AddModel("intent", configuration.GetSection("Models:intent"));
        using var provider = services.BuildServiceProvider();

        var monitor = provider.GetRequiredService<IModelMonitorRegistry>().GetMonitor("intent");
        var options = provider.GetRequiredService<IOptionsMonitor<ModelMonitorOptions>>().Get("intent");

        Assert.Equal(TimeSpan.FromMinutes(10), options.Rolling.TimeWindow);
        Assert.Equal(7, options.Rolling.MaxCohorts);
        Assert.Equal(TimeSpan.FromMinutes(30), options.Alerts.CoolDown);
        var selector = Assert.IsType<TaggingSelector>(monitor.Monitors[1]);
        Assert.Equal(TaggingCriterion.SmallestMargin, selector.Criterion);
        Assert.Equal(25, selector.Budget);
        Assert.Equal(["billing", "support", "sales"], monitor.PublishSnapshot().Find<RollingStatisticsSnapshot>()!.ClassNames);
    }

    [Fact]
    public void AddMonitor_ExtraMonitor_JoinsOnlyItsModelsSet()
    {
        var services = new ServiceCollection();
        services.AddModelMonitoring()
            .AddModel("a", _ => { })
            .AddModel("b", _ => { })
            .AddMonitor("a", (_, context) => TaggingSelector.Random(context.Options.ClassCount, 5, seed: 1, name: $"{context.ModelName}-audit"))
            .AddMonitor(null, (_, context) => TaggingSelector.LeastConfident(context.Options.ClassCount, 5, name: "everyone"));
        using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IModelMonitorRegistry>();

        Assert.Equal(["rolling-statistics", "a-audit", "everyone"], registry.GetMonitor("a").Monitors.Select(m => m.Name));
        Assert.Equal(["rolling-statistics", "everyone"], registry.GetMonitor("b").Monitors.Select(m => m.Name));
    }

    [Theory]
    [InlineData("Rolling", "MaxCohorts")]
    [InlineData("Rolling", "CountWindowSize")]
    [InlineData("Drift", "NumericTest")]
    [InlineData("Tagging[0].Criterion", "NearThreshold")]
    [InlineData("ClassCount", "ClassCount")]
    public async Task HostStart_InvalidOption_FailsNamingModelAndOption(string option, string detail)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddModelMonitoring()
            .AddModel("good", _ => { })
            .AddModel("fraud-v3", o =>
            {
                switch (detail)
                {
                    case "MaxCohorts":
                        o.Rolling.MaxCohorts = 0;
                        break;
                    case "CountWindowSize":
                        o.Rolling.CountWindowSize = -5;
                        break;
                    case "NumericTest":
                        o.Drift.NumericTest = "kstest";
                        break;
                    case "NearThreshold":
                        o.Tagging.Add(new TaggingSelectorOptions { Criterion = TaggingCriterion.NearThreshold });
                        break;
                    default:
                        o.ClassCount = 1;
                        break;
                }
            });
        using var host = builder.Build();

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        var failure = Assert.Single(e.Failures);
        Assert.StartsWith($"Model 'fraud-v3', option {option}: ", failure, StringComparison.Ordinal);
        Assert.Contains(detail, failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_ValidOptions_StartsAndStopsCleanly()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddModelMonitoring(o => o.EvaluationInterval = TimeSpan.FromMinutes(1)).AddModel("fraud-v3", _ => { });
        using var host = builder.Build();

        await host.StartAsync();
        host.Services.GetRequiredKeyedService<IModelMonitor>("fraud-v3").Observe(PredictionRecord.FromScores(default, new float[] { 0.8f }));
        await host.StopAsync();

        Assert.Equal(1, host.Services.GetRequiredService<IModelMonitorRegistry>().GetMonitor("fraud-v3").ObservedRecords);
    }
}
