using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelMonitor.DependencyInjection;
using ModelMonitor.Rolling;

namespace ModelMonitor.Hosting;

/// <summary>Where and how often model state is checkpointed (see <see cref="ModelMonitoringBuilderExtensions.AddCheckpoints"/>).</summary>
public sealed class ModelCheckpointOptions
{
    /// <summary>Gets or sets the folder of the checkpoint files, one per model; created when missing.</summary>
    /// <value>The default value is <see langword="null"/>, which fails validation: a folder must be chosen.</value>
    public string? Directory { get; set; }

    /// <summary>Gets or sets how often checkpoints are written, besides once when the host stops.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Restores each model's rolling state at start-up, writes it on a schedule and at shutdown.
/// A write goes to a temporary file that replaces the checkpoint by rename, so an interrupted
/// write leaves the previous checkpoint whole; a damaged or incompatible checkpoint is logged
/// and moved aside (<c>.corrupt-*</c>), and the model starts empty.
/// </summary>
internal sealed partial class CheckpointService(
    DefaultModelMonitorRegistry registry,
    IOptions<ModelCheckpointOptions> options,
    TimeProvider timeProvider,
    ILogger<CheckpointService> logger) : BackgroundService
{
    private const string Extension = ".rolling.json";

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(options.Value.Directory!);
        foreach (var name in registry.ModelNames)
        {
            Restore(name);
        }

        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        WriteAll();
    }

    internal string PathOf(string modelName)
    {
        // Model names become file names: keep letters, digits, '-', '_' and '.', escape the rest.
        var safe = string.Concat(modelName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c.ToString() : $"%{(int)c:X4}"));
        return Path.Combine(options.Value.Directory!, safe + Extension);
    }

    internal void WriteAll()
    {
        foreach (var name in registry.ModelNames)
        {
            try
            {
                var rolling = registry.GetDefault(name).Monitors.OfType<RollingStatisticsMonitor>().First();
                AtomicFile.Write(PathOf(name), rolling.WriteState);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogWriteFailed(logger, e, name);
            }
        }
    }

    internal void Restore(string name)
    {
        var path = PathOf(name);
        AtomicFile.DeleteLeftovers(path);
        if (!File.Exists(path))
        {
            return;
        }

        var rolling = registry.GetDefault(name).Monitors.OfType<RollingStatisticsMonitor>().First();
        try
        {
            using var stream = File.OpenRead(path);
            if (rolling.RestoreState(stream))
            {
                LogRestored(logger, name, path);
            }
            else
            {
                LogRestoredWithoutStream(logger, name, path);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            var aside = $"{path}.corrupt-{timeProvider.GetUtcNow():yyyyMMddHHmmss}";
            try
            {
                File.Move(path, aside, overwrite: true);
            }
            catch (IOException)
            {
                aside = "(could not be moved)";
            }

            LogCorrupt(logger, e, name, path, aside);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                WriteAll();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping; StopAsync writes the last checkpoint.
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Restored model {Model} from checkpoint {Path}.")]
    private static partial void LogRestored(ILogger logger, string model, string path);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Restored model {Model} from checkpoint {Path}, except its count windows and moving averages (written by an older version, or with another window size or smoothing factor); they start empty.")]
    private static partial void LogRestoredWithoutStream(ILogger logger, string model, string path);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Checkpoint {Path} of model {Model} is damaged or incompatible; moved to {Aside}, the model starts empty.")]
    private static partial void LogCorrupt(ILogger logger, Exception exception, string model, string path, string aside);

    [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "Writing the checkpoint of model {Model} failed; the previous checkpoint is kept.")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string model);
}

/// <summary>Checks the checkpoint options.</summary>
internal sealed class ModelCheckpointOptionsValidator : IValidateOptions<ModelCheckpointOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelCheckpointOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            return ValidateOptionsResult.Fail("Checkpoint option Directory is empty; choose a folder for the checkpoint files.");
        }

        return options.Interval <= TimeSpan.Zero
            ? ValidateOptionsResult.Fail($"Checkpoint option Interval is {options.Interval}; it must be positive.")
            : ValidateOptionsResult.Success;
    }
}
