using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelMonitor.Alerts;
using ModelMonitor.DependencyInjection;

namespace ModelMonitor.Hosting;

/// <summary>
/// On every <see cref="ModelMonitoringOptions.EvaluationInterval"/> (by the injected
/// <see cref="TimeProvider"/>), publishes each model's snapshot, evaluates the alert rules and
/// sends what was raised or resolved to every <see cref="IAlertSink"/>. Stops with the host.
/// </summary>
internal sealed partial class ModelMonitoringService(
    DefaultModelMonitorRegistry registry,
    AlertEvaluator evaluator,
    IEnumerable<IAlertSink> sinks,
    IOptions<ModelMonitoringOptions> options,
    TimeProvider timeProvider,
    ILogger<ModelMonitoringService> logger) : BackgroundService
{
    private readonly IAlertSink[] _sinks = [.. sinks];

    /// <summary>Publishes and evaluates every model once; the schedule calls it, and so may tests.</summary>
    internal async Task EvaluateOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var name in registry.ModelNames)
        {
            try
            {
                var snapshot = registry.GetDefault(name).PublishSnapshot();
                foreach (var alert in evaluator.Evaluate(snapshot))
                {
                    await SendAsync(alert, cancellationToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogEvaluationFailed(logger, e, name);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.EvaluationInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await EvaluateOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task SendAsync(Alert alert, CancellationToken cancellationToken)
    {
        foreach (var sink in _sinks)
        {
            try
            {
                await sink.SendAsync(alert, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSinkFailed(logger, e, sink.GetType().Name, alert.Model, alert.Rule);
            }
        }
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Evaluating model {Model} failed.")]
    private static partial void LogEvaluationFailed(ILogger logger, Exception exception, string model);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Alert sink {Sink} failed on alert {Rule} of model {Model}.")]
    private static partial void LogSinkFailed(ILogger logger, Exception exception, string sink, string model, string rule);
}
