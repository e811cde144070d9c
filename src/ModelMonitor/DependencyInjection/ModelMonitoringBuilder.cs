using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ModelMonitor.Alerts;
using ModelMonitor.Features;
using ModelMonitor.Health;
using ModelMonitor.Hosting;

namespace ModelMonitor.DependencyInjection;

/// <summary>Registers models and extensions after <see cref="ModelMonitoringServiceCollectionExtensions.AddModelMonitoring(IServiceCollection)"/>.</summary>
public interface IModelMonitoringBuilder
{
    /// <summary>Gets the service collection the builder adds to.</summary>
    IServiceCollection Services { get; }
}

internal sealed class ModelMonitoringBuilder(IServiceCollection services) : IModelMonitoringBuilder
{
    public IServiceCollection Services { get; } = services;
}

/// <summary>Adds model monitoring to a service collection.</summary>
public static class ModelMonitoringServiceCollectionExtensions
{
    /// <summary>
    /// Adds the model monitor registry, metrics (meter <see cref="Metrics.ModelMonitorMeter.Name"/>),
    /// alert evaluation with an <c>ILogger</c> sink, and the background service that publishes
    /// snapshots and evaluates rules. Calling it again adds nothing twice.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>A builder to register models with.</returns>
    public static IModelMonitoringBuilder AddModelMonitoring(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(d => d.ServiceType == typeof(ModelRegistrations)))
        {
            services.AddSingleton(new ModelRegistrations());
        }

        services.AddOptions();
        services.AddOptions<ModelMonitoringOptions>().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelMonitorOptions>, ModelMonitorOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelMonitoringOptions>, ModelMonitoringOptionsValidator>());
        services.TryAddSingleton<DefaultModelMonitorRegistry>();
        services.TryAddSingleton<IModelMonitorRegistry>(static sp => sp.GetRequiredService<DefaultModelMonitorRegistry>());
        services.TryAddSingleton<AlertEvaluator>();
        services.TryAddSingleton<IAlertState>(static sp => sp.GetRequiredService<AlertEvaluator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertSink, LoggerAlertSink>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ModelMonitoringService>());
        return new ModelMonitoringBuilder(services);
    }

    /// <summary>Adds model monitoring and configures the settings shared by every model.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the shared settings.</param>
    /// <returns>A builder to register models with.</returns>
    public static IModelMonitoringBuilder AddModelMonitoring(this IServiceCollection services, Action<ModelMonitoringOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = services.AddModelMonitoring();
        services.Configure(configure);
        return builder;
    }
}

/// <summary>Registers models, extra monitors, alert sinks and health checks.</summary>
public static class ModelMonitoringBuilderExtensions
{
    /// <summary>
    /// Registers a model: its options are the named <see cref="ModelMonitorOptions"/>
    /// <paramref name="modelName"/>, validated at start-up; its monitors come from
    /// <see cref="IModelMonitorRegistry.GetMonitor"/> or as the keyed service <see cref="IModelMonitor"/>
    /// with key <paramref name="modelName"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="modelName">The model's name, also its metric tag and alert field.</param>
    /// <param name="configure">Configures the model's options.</param>
    /// <returns>The builder.</returns>
    public static IModelMonitoringBuilder AddModel(this IModelMonitoringBuilder builder, string modelName, Action<ModelMonitorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Register(builder, modelName).Configure(configure);
        return builder;
    }

    /// <summary>Registers a model whose options are bound from a configuration section (for instance <c>ModelMonitoring:Models:fraud-v3</c>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="modelName">The model's name.</param>
    /// <param name="section">The section holding <see cref="ModelMonitorOptions"/> properties.</param>
    /// <returns>The builder.</returns>
    [RequiresDynamicCode("Binding configuration to options uses reflection over their types.")]
    [RequiresUnreferencedCode("Binding configuration to options uses reflection over their types.")]
    public static IModelMonitoringBuilder AddModel(this IModelMonitoringBuilder builder, string modelName, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        Register(builder, modelName).Bind(section);
        return builder;
    }

    /// <summary>
    /// Adds a monitor to one model's set, or to every model's when <paramref name="modelName"/> is
    /// <see langword="null"/>: the way further monitors (schema checks, profiles, projections) join.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="modelName">The model, or <see langword="null"/> for every model.</param>
    /// <param name="factory">Creates the monitor once per model; its name must be unique in the set.</param>
    /// <returns>The builder.</returns>
    public static IModelMonitoringBuilder AddMonitor(this IModelMonitoringBuilder builder, string? modelName, Func<IServiceProvider, ModelMonitorContext, IMonitor> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.AddSingleton(new ExtraMonitorRegistration(modelName, factory));
        return builder;
    }

    /// <summary>
    /// Adds a <see cref="FeatureMonitor"/> to one model's set (or every model's): feature rows given to
    /// <see cref="IFeatureObserver.ObserveFeatures"/> are validated against a schema and tested for
    /// drift against a reference profile, in tumbling windows, and the findings reach metrics
    /// (<c>modelmonitor.schema.violations</c>, <c>modelmonitor.drift.*</c>) and alerts
    /// (<see cref="AlertRules.SchemaViolation"/>, <see cref="AlertRules.MissingValues"/>, <see cref="AlertRules.DriftedColumn"/>).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="modelName">The model, or <see langword="null"/> for every model.</param>
    /// <param name="featureNames">The features of a row, in order.</param>
    /// <param name="configure">Sets the schema, reference profile and window; called once per model, when its monitors are created.</param>
    /// <returns>The builder.</returns>
    public static IModelMonitoringBuilder AddFeatureMonitor(this IModelMonitoringBuilder builder, string? modelName, IReadOnlyList<string> featureNames, Action<FeatureMonitorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(configure);
        string[] names = [.. featureNames];
        return builder.AddMonitor(modelName, (_, context) =>
        {
            var options = new FeatureMonitorOptions();
            configure(options);
            return new FeatureMonitor(names, options, context.TimeProvider);
        });
    }

    /// <summary>Adds a sink that receives every raised and resolved alert, beside the <c>ILogger</c> one.</summary>
    /// <typeparam name="TSink">The sink type, created once.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IModelMonitoringBuilder AddAlertSink<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSink>(this IModelMonitoringBuilder builder)
        where TSink : class, IAlertSink
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertSink, TSink>());
        return builder;
    }

    /// <summary>Adds one health check per registered model, named <c>modelmonitor:{model}</c>, reporting from its active alerts.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="tags">Tags for every model's check (to filter endpoints by).</param>
    /// <returns>The builder.</returns>
    public static IModelMonitoringBuilder AddHealthChecks(this IModelMonitoringBuilder builder, params string[] tags)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(tags);
        builder.Services.AddHealthChecks();
        builder.Services.AddOptions<HealthCheckServiceOptions>().Configure<ModelRegistrations>((options, registrations) =>
        {
            foreach (var name in registrations.Names)
            {
                var checkName = ModelHealthCheck.CheckName(name);
                if (options.Registrations.Any(r => r.Name == checkName))
                {
                    continue;
                }

                options.Registrations.Add(new HealthCheckRegistration(
                    checkName,
                    sp => new ModelHealthCheck(name, sp.GetRequiredService<IAlertState>(), sp.GetRequiredService<IModelMonitorRegistry>()),
                    failureStatus: null,
                    tags));
            }
        });
        return builder;
    }

    /// <summary>
    /// Checkpoints every model's rolling state to files in a folder: restored at start-up, written
    /// on a schedule and when the host stops, so a deploy does not empty the time windows.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the folder and interval.</param>
    /// <returns>The builder.</returns>
    public static IModelMonitoringBuilder AddCheckpoints(this IModelMonitoringBuilder builder, Action<ModelCheckpointOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<ModelCheckpointOptions>().Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelCheckpointOptions>, ModelCheckpointOptionsValidator>());
        if (!builder.Services.Any(d => d.ServiceType == typeof(CheckpointService)))
        {
            builder.Services.AddSingleton<CheckpointService>();
            builder.Services.AddSingleton<IHostedService>(static sp => sp.GetRequiredService<CheckpointService>());
        }

        return builder;
    }

    private static OptionsBuilder<ModelMonitorOptions> Register(IModelMonitoringBuilder builder, string modelName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        var registrations = (ModelRegistrations)builder.Services.First(d => d.ServiceType == typeof(ModelRegistrations)).ImplementationInstance!;
        if (registrations.Add(modelName))
        {
            builder.Services.TryAddKeyedSingleton<IModelMonitor>(modelName, static (sp, key) => sp.GetRequiredService<IModelMonitorRegistry>().GetMonitor((string)key!));
        }

        return builder.Services.AddOptions<ModelMonitorOptions>(modelName).ValidateOnStart();
    }
}
