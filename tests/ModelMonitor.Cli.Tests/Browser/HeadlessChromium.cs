using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ModelMonitor.Cli.Tests.Browser;

/// <summary>What a page looked like in a real browser.</summary>
/// <param name="Dom">The serialised DOM after scripts ran (it includes the error probe: a first script in the head and <c>data-mm-*</c> attributes on the root).</param>
/// <param name="Errors">Uncaught exceptions, unhandled rejections, <c>console.error</c> calls and resources that failed to load (the network is blocked, so any external URL fails), in order.</param>
/// <param name="ScreenshotPath">The PNG screenshot, or null when none was asked for.</param>
/// <param name="BrowserLog">Chromium's own log (stderr), for diagnosing a failure.</param>
internal sealed record BrowserPage(string Dom, IReadOnlyList<string> Errors, string? ScreenshotPath, string BrowserLog)
{
    /// <summary>Whether an element with this id is in the DOM.</summary>
    /// <param name="id">The id.</param>
    /// <returns>True when found.</returns>
    public bool HasElementId(string id) => Dom.Contains($"id=\"{WebUtility.HtmlEncode(id)}\"", StringComparison.Ordinal);
}

/// <summary>
/// Loads an HTML file in headless Chromium (Debian's <c>chromium</c>, which <c>.ci/run</c> installs) with the
/// network blocked and a fresh profile, and returns the DOM after scripts ran, the errors the page raised, and
/// optionally a screenshot, all from one browser run.
/// </summary>
/// <remarks>
/// Errors are caught by a probe script inserted as the first element of the page's head (in a copy of the file,
/// written next to nothing else, so relative links fail as they would for a mailed report): it listens for
/// window errors (capturing resource load failures too), unhandled promise rejections and <c>console.error</c>,
/// and records them on the root element, which <c>--dump-dom</c> then serialises. As a fallback (a page whose
/// Content-Security-Policy blocks inline scripts), "Uncaught" console lines from Chromium's log are added.
/// </remarks>
internal static class HeadlessChromium
{
    /// <summary>The browser used unless <c>MODELMONITOR_CHROMIUM</c> names another.</summary>
    public const string DefaultExecutable = "/usr/bin/chromium";

    private const string ErrorsAttribute = "data-mm-errors";
    private const string ProbeAttribute = "data-mm-probe";

    private static readonly string s_probe =
        "<script>(function(){var d=document.documentElement,e=[];d.setAttribute('" + ProbeAttribute + "','on');"
        + "function add(m){e.push(String(m));d.setAttribute('" + ErrorsAttribute + "',JSON.stringify(e));}"
        + "window.addEventListener('error',function(v){var t=v.target;if(t&&t!==window){add('failed to load '+(t.src||t.href||t.tagName));}"
        + "else{add((v.message||'error')+' ('+v.filename+':'+v.lineno+')');}},true);"
        + "window.addEventListener('unhandledrejection',function(v){var r=v.reason;add('unhandled rejection: '+(r&&r.message?r.message:r));});"
        + "var c=console.error;console.error=function(){add('console.error: '+Array.prototype.map.call(arguments,String).join(' '));return c.apply(console,arguments);};})();</script>";

    /// <summary>Gets the browser executable: <c>MODELMONITOR_CHROMIUM</c> when set, else <see cref="DefaultExecutable"/>.</summary>
    public static string Executable => Environment.GetEnvironmentVariable("MODELMONITOR_CHROMIUM") is { Length: > 0 } path ? path : DefaultExecutable;

    /// <summary>Loads a page and reports its DOM and errors, and takes a screenshot when <paramref name="screenshotPath"/> is given.</summary>
    /// <param name="htmlPath">The HTML file.</param>
    /// <param name="screenshotPath">Where to write a PNG of the page, or null for none.</param>
    /// <param name="width">The window width in CSS pixels.</param>
    /// <param name="height">The window height (the screenshot's height: make it tall enough for the whole report).</param>
    /// <param name="dark">Whether the page sees <c>prefers-color-scheme: dark</c>.</param>
    /// <param name="timeout">The longest the browser may run (60 s when null); it is killed with its children beyond.</param>
    /// <param name="executable">The browser binary, or null for <see cref="Executable"/>.</param>
    /// <returns>The DOM, the errors, and the screenshot path.</returns>
    /// <exception cref="InvalidOperationException">Chromium is missing, failed, timed out, or wrote no screenshot.</exception>
    public static BrowserPage Load(string htmlPath, string? screenshotPath = null, int width = 1280, int height = 4000, bool dark = false, TimeSpan? timeout = null, string? executable = null)
    {
        ArgumentNullException.ThrowIfNull(htmlPath);
        executable ??= Executable;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Headless Chromium was not found at {executable}: install Debian's chromium package (`apt-get install -y chromium`; .ci/run installs it) or set MODELMONITOR_CHROMIUM to a Chromium binary.");
        }

        var work = Directory.CreateTempSubdirectory("mm-chromium-");
        try
        {
            var page = Path.Combine(work.FullName, "page.html");
            File.WriteAllText(page, InsertProbe(File.ReadAllText(htmlPath)), new UTF8Encoding(false));
            var profile = Directory.CreateDirectory(Path.Combine(work.FullName, "profile")).FullName;
            var arguments = new List<string>
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-extensions",
                "--no-first-run", "--no-default-browser-check", "--disable-sync", "--mute-audio", "--hide-scrollbars",
                $"--user-data-dir={profile}",

                // Every host name fails to resolve: a report that needs the network shows it as a load error.
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--enable-logging=stderr", "--v=0",
                $"--window-size={width},{height}",

                // Runs timers and layout to completion in virtual time, so what scripts draw is in the DOM and the picture.
                "--virtual-time-budget=5000",
                "--dump-dom",
            };
            if (dark)
            {
                arguments.Add("--force-dark-mode");
                arguments.Add("--blink-settings=preferredColorScheme=0");
            }

            if (screenshotPath is not null)
            {
                var full = Path.GetFullPath(screenshotPath);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.Delete(full);
                arguments.Add($"--screenshot={full}");
            }

            arguments.Add(new Uri(page).AbsoluteUri);
            var (exitCode, stdout, stderr) = Run(executable, arguments, timeout ?? TimeSpan.FromSeconds(60));
            if (exitCode != 0 || stdout.Length == 0)
            {
                throw new InvalidOperationException($"Chromium exited with code {exitCode} and {(stdout.Length == 0 ? "no DOM" : "a DOM")}. Its log:\n{Tail(stderr)}");
            }

            if (screenshotPath is not null && !File.Exists(screenshotPath))
            {
                throw new InvalidOperationException($"Chromium wrote no screenshot to {screenshotPath}. Its log:\n{Tail(stderr)}");
            }

            return new BrowserPage(stdout, CollectErrors(stdout, stderr), screenshotPath is null ? null : Path.GetFullPath(screenshotPath), stderr);
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A browser child still closing its profile: the temp folder is cleaned by the system later.
            }
        }
    }

    /// <summary>The page with the error probe as the first element of its head (or of the document when it has no head tag).</summary>
    /// <param name="html">The page.</param>
    /// <returns>The instrumented page.</returns>
    internal static string InsertProbe(string html)
    {
        var head = Regex.Match(html, "<head(\\s[^>]*)?>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));
        if (head.Success)
        {
            return html.Insert(head.Index + head.Length, s_probe);
        }

        var doctype = Regex.Match(html, "^\\s*<!doctype[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));
        return html.Insert(doctype.Success ? doctype.Length : 0, s_probe);
    }

    private static List<string> CollectErrors(string dom, string log)
    {
        var errors = new List<string>();
        var root = Regex.Match(dom, "<html[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5)).Value;
        var recorded = Regex.Match(root, ErrorsAttribute + "=\"([^\"]*)\"", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));
        if (recorded.Success)
        {
            errors.AddRange(JsonSerializer.Deserialize<string[]>(WebUtility.HtmlDecode(recorded.Groups[1].Value)) ?? []);
        }

        if (!root.Contains(ProbeAttribute, StringComparison.Ordinal))
        {
            errors.Add("the error probe did not run (does the page's Content-Security-Policy block inline scripts?): only uncaught exceptions from the browser log are reported");
        }

        // Chromium logs console messages as: [pid:tid:time:INFO:CONSOLE:line] "message", source: url (line)
        foreach (Match line in Regex.Matches(log, ":CONSOLE[^\\]]*\\] \"(Uncaught[^\\n]*)\", source: ([^\\n]*)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5)))
        {
            var message = line.Groups[1].Value;
            if (!errors.Exists(e => e.Contains(message, StringComparison.Ordinal)))
            {
                errors.Add($"{message} ({line.Groups[2].Value})");
            }
        }

        return errors;
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(string executable, List<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new InvalidOperationException($"Chromium did not finish within {timeout.TotalSeconds:0} s and was killed. Its log:\n{Tail(stderr.Result)}");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Tail(string log) => log.Length <= 4000 ? log : log[^4000..];
}
