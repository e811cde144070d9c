using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelMonitor.Metrics;

namespace ModelMonitor.DependencyInjection;

/// <summary>Creates each registered model's monitors once, from its named options.</summary>
internal sealed class DefaultModelMonitorRegistry : IModelMonitorRegistry, IDisposable
{
    private readonly IServiceProvider _services;
    private readonly IOptionsMonitor<ModelMonitorOptions> _options;
    private readonly ModelRegistrations _registrations;
    private readonly ExtraMonitorRegistration[] _extraMonitors;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, Lazy<DefaultModelMonitor>> _monitors = new(StringComparer.Ordinal);
    private readonly List<DefaultModelMonitor> _created = [];

    public DefaultModelMonitorRegistry(
        IServiceProvider services,
        IOptionsMonitor<ModelMonitorOptions> options,
        IOptions<ModelMonitoringOptions> sharedOptions,
        ModelRegistrations registrations,
        IEnumerable<ExtraMonitorRegistration> extraMonitors,
        TimeProvider timeProvider)
    {
        _services = services;
        _options = options;
        _registrations = registrations;
        _extraMonitors = [.. extraMonitors];
        _timeProvider = timeProvider;
        Metrics = new ModelMonitorMetrics(services.GetService<IMeterFactory>(), this, sharedOptions.Value);
    }

    public IReadOnlyList<string> ModelNames => _registrations.Names;

    internal ModelMonitorMetrics Metrics { get; }

    /// <summary>Gets the models whose monitors exist, in creation order; metrics read only these, creating nothing.</summary>
    internal IReadOnlyList<DefaultModelMonitor> Created
    {
        get
        {
            lock (_created)
            {
                return [.. _created];
            }
        }
    }

    public IModelMonitor GetMonitor(string modelName) => GetDefault(modelName);

    internal DefaultModelMonitor GetDefault(string modelName)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        if (!_registrations.Contains(modelName))
        {
            var known = _registrations.Names;
            throw new ArgumentException(
                $"No model named '{modelName}' is registered; registered: {(known.Count == 0 ? "none" : string.Join(", ", known.Select(n => $"'{n}'")))}. Register it with AddModelMonitoring().AddModel(\"{modelName}\", ...).",
                nameof(modelName));
        }

        return _monitors.GetOrAdd(modelName, name => new Lazy<DefaultModelMonitor>(() => Create(name))).Value;
    }

    public void Dispose() => Metrics.Dispose();

    private DefaultModelMonitor Create(string name)
    {
        // Get(name) runs the validators, so a bad option throws OptionsValidationException naming the model.
        var options = _options.Get(name);
        var context = new ModelMonitorContext(name, options, _timeProvider);
        var extra = _extraMonitors
            .Where(r => r.ModelName is null || string.Equals(r.ModelName, name, StringComparison.Ordinal))
            .Select(r => r.Factory(_services, context));
        var monitor = new DefaultModelMonitor(name, options, _timeProvider, extra);
        lock (_created)
        {
            _created.Add(monitor);
        }

        return monitor;
    }
}

/// <summary>A factory of one extra monitor for one model (or, with no name, for every model).</summary>
internal sealed record ExtraMonitorRegistration(string? ModelName, Func<IServiceProvider, ModelMonitorContext, IMonitor> Factory);
