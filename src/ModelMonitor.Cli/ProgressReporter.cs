using System.Diagnostics;
using System.Globalization;

namespace ModelMonitor.Cli;

/// <summary>
/// Progress of a long step, written to standard error so JSON on standard output stays clean. On a
/// terminal it redraws one line with a bar (carriage return, no newline until the end); when the
/// output is redirected or the process runs in CI it writes a plain line at every tenth of the way
/// (or every few seconds for steps of unknown length), which logs keep readable. Steps that end
/// within the first second print nothing at all, so quick commands and scripts see no noise.
/// </summary>
internal sealed class ProgressReporter
{
    private const int BarWidth = 30;
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(1);

    private readonly TextWriter _writer;
    private readonly string _step;
    private readonly bool _interactive;
    private readonly Func<TimeSpan> _clock;
    private TimeSpan _lastWrite;
    private int _lastTenth = -1;
    private bool _drawn;
    private bool _finished;

    /// <summary>Creates a reporter for one step.</summary>
    /// <param name="writer">Where progress goes (the command's standard error).</param>
    /// <param name="step">The step's name, such as "profiling".</param>
    /// <param name="interactive">Whether to redraw a bar in place; see <see cref="IsTerminal"/>.</param>
    /// <param name="clock">Elapsed time since the step began; a stopwatch unless a test drives it.</param>
    public ProgressReporter(TextWriter writer, string step, bool interactive, Func<TimeSpan>? clock = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentException.ThrowIfNullOrEmpty(step);
        _writer = writer;
        _step = step;
        _interactive = interactive;
        if (clock is null)
        {
            var stopwatch = Stopwatch.StartNew();
            clock = () => stopwatch.Elapsed;
        }

        _clock = clock;
    }

    /// <summary>Creates a reporter that draws a bar only when <paramref name="writer"/> is a terminal's standard error.</summary>
    public static ProgressReporter For(TextWriter writer, string step) => new(writer, step, IsTerminal(writer));

    /// <summary>
    /// Whether <paramref name="writer"/> is the console's standard error, not redirected, outside CI:
    /// only then may a bar be redrawn with carriage returns.
    /// </summary>
    public static bool IsTerminal(TextWriter writer) =>
        ReferenceEquals(writer, Console.Error)
        && !Console.IsErrorRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
        && !string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);

    /// <summary>Reports how far the step has come.</summary>
    /// <param name="fraction">The share done, in [0, 1] (clamped).</param>
    /// <param name="detail">What has been done, such as "12,000 rows"; may be empty.</param>
    public void Report(double fraction, string detail)
    {
        if (_finished)
        {
            return;
        }

        fraction = double.IsNaN(fraction) ? 0 : Math.Clamp(fraction, 0, 1);
        var now = _clock();
        if (now < QuietPeriod)
        {
            return;
        }

        if (_interactive)
        {
            if (_drawn && now - _lastWrite < RedrawInterval && fraction < 1)
            {
                return;
            }

            var filled = (int)Math.Round(fraction * BarWidth);
            _writer.Write(string.Create(CultureInfo.InvariantCulture, $"\r{_step}: [{new string('#', filled)}{new string('-', BarWidth - filled)}] {fraction * 100,3:0}% {detail}   "));
            _writer.Flush();
            _drawn = true;
            _lastWrite = now;
            return;
        }

        var tenth = (int)Math.Floor(fraction * 10);
        if (tenth <= _lastTenth)
        {
            return;
        }

        _lastTenth = tenth;
        _lastWrite = now;
        _drawn = true;
        _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{_step}: {fraction * 100:0}%{(detail.Length == 0 ? "" : $" ({detail})")}"));
    }

    /// <summary>Reports a step of unknown length: on a terminal a status line redrawn in place, elsewhere a line every few seconds.</summary>
    /// <param name="detail">What is happening, such as "fitting UMAP on 2,000 vectors".</param>
    public void Status(string detail)
    {
        if (_finished)
        {
            return;
        }

        var now = _clock();
        if (now < QuietPeriod)
        {
            return;
        }

        if (_interactive)
        {
            _writer.Write($"\r{_step}: {detail}   ");
            _writer.Flush();
            _drawn = true;
            _lastWrite = now;
            return;
        }

        if (_drawn && now - _lastWrite < PlainInterval)
        {
            return;
        }

        _lastWrite = now;
        _drawn = true;
        _writer.WriteLine($"{_step}: {detail}");
    }

    /// <summary>Ends the step with a last line, unless it ended so quickly that nothing was shown.</summary>
    /// <param name="detail">The outcome, such as "32,561 rows in 1.2 s"; may be empty.</param>
    public void Done(string detail)
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        if (!_drawn)
        {
            return;
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"{_step}: done{(detail.Length == 0 ? "" : $" ({detail})")}");
        if (_interactive)
        {
            // Spaces clear what is left of a longer bar drawn before.
            _writer.WriteLine($"\r{text}{new string(' ', BarWidth + 20)}");
        }
        else
        {
            _writer.WriteLine(text);
        }
    }

    /// <summary>Elapsed time since the step began, for the final line.</summary>
    public TimeSpan Elapsed => _clock();
}
