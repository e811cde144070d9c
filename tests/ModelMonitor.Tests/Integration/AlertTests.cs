using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ModelMonitor.Alerts;
using ModelMonitor.Drift;
using ModelMonitor.Tests.Drift.Detection;

namespace ModelMonitor.Tests.Integration;

public sealed class AlertTests
{
    [Fact]
    public void InvalidRecords_FlappingValue_RaisesOnceResolvesWithHysteresisAndRespectsCoolDown()
    {
        using var host = new MonitoringTestHost(o =>
        {
            o.Alerts.MaxInvalidFraction = 0.01;
            o.Alerts.ClearRatio = 0.8;
            o.Alerts.ClearAfterEvaluations = 2;
            o.Alerts.CoolDown = TimeSpan.FromMinutes(15);
        });
        IReadOnlyList<Alert> Period(int invalid)
        {
            host.ObserveBinary(1000 - invalid, 0.7f);
            host.ObserveInvalid(invalid);
            host.Time.Advance(TimeSpan.FromMinutes(1));
            return host.Evaluate();
        }

        var raised = Assert.Single(Period(50));
        Assert.Equal((AlertRules.InvalidRecords, AlertState.Raised, AlertSeverity.Critical), (raised.Rule, raised.State, raised.Severity));
        Assert.Equal(0.05, raised.Value, 12);
        Assert.Equal(0.01, raised.Threshold);
        Assert.Equal("fraud-v3", raised.Model);
        Assert.Equal(host.Time.GetUtcNow(), raised.Time);
        Assert.Contains("50 of the last 1000 records were invalid", raised.Message, StringComparison.Ordinal);

        Assert.Empty(Period(0));   // clear once
        Assert.Empty(Period(50));  // breached again while active: no new alert
        Assert.Empty(Period(9));   // 0.9%: under the limit but inside the hysteresis band, not clear
        Assert.Empty(Period(0));   // clear once
        var resolved = Assert.Single(Period(0)); // clear twice in a row: resolved
        Assert.Equal(AlertState.Resolved, resolved.State);
        Assert.Empty(host.Evaluator.ActiveAlerts("fraud-v3"));

        Assert.Empty(Period(50));  // 7 minutes after the first alert: cooling down
        Assert.Empty(host.Evaluator.ActiveAlerts("fraud-v3"));
        host.Time.Advance(TimeSpan.FromMinutes(8));
        Assert.Equal(AlertState.Raised, Assert.Single(Period(50)).State);
        Assert.Single(host.Evaluator.ActiveAlerts("fraud-v3"));
    }

    [Fact]
    public void ClassShareAndConfidence_ShiftBetweenWindows_RaiseOnTheCohort()
    {
        using var host = new MonitoringTestHost(o =>
        {
            o.ClassNames = ["legit", "fraud"];
            o.Rolling.TimeWindow = TimeSpan.FromMinutes(5);
            o.Rolling.TimeWindowBuckets = 5;
            o.Alerts.MaxClassShareChange = 0.1;
            o.Alerts.MaxConfidenceZScore = 4;
        });
        // Previous window: 5% fraud, confident.
        host.ObserveBinary(190, 0.05f, "FR");
        host.ObserveBinary(10, 0.95f, "FR");
        host.Time.Advance(TimeSpan.FromMinutes(5));
        // Current window: 40% fraud, and every prediction near the boundary.
        host.ObserveBinary(120, 0.45f, "FR");
        host.ObserveBinary(80, 0.55f, "FR");

        var alerts = host.Evaluate();

        var share = alerts.Single(a => a.Rule == AlertRules.ClassShareChange && a.Cohort == "FR" && a.Column == "fraud");
        Assert.Equal(0.35, share.Value, 9);
        Assert.Contains("class 'fraud' moved from 5.0% to 40.0%", share.Message, StringComparison.Ordinal);
        Assert.Contains("5-minute window", share.Message, StringComparison.Ordinal);
        var confidence = alerts.Single(a => a.Rule == AlertRules.ConfidenceShift && a.Cohort == "FR");
        Assert.True(confidence.Value > 4);
        Assert.Contains(alerts, a => a.Rule == AlertRules.ClassShareChange && a.Cohort == "(all)");
    }

    [Fact]
    public void ClassShare_TooFewRecordsInAWindow_IsNotJudged()
    {
        using var host = new MonitoringTestHost(o => o.Alerts.MinRecordsToJudge = 50);
        host.ObserveBinary(40, 0.05f);
        host.Time.Advance(TimeSpan.FromMinutes(5));
        host.ObserveBinary(40, 0.95f);

        Assert.DoesNotContain(host.Evaluate(), a => a.Rule == AlertRules.ClassShareChange);
    }

    [Fact]
    public void TooFewRecords_QuietWindow_Raises()
    {
        using var host = new MonitoringTestHost(o => o.Alerts.MinRecordsPerWindow = 100);
        host.ObserveBinary(150, 0.3f);
        Assert.DoesNotContain(host.Evaluate(), a => a.Rule == AlertRules.TooFewRecords);

        host.Time.Advance(TimeSpan.FromMinutes(6));
        host.ObserveBinary(20, 0.3f);
        var alert = Assert.Single(host.Evaluate(), a => a.Rule == AlertRules.TooFewRecords);
        Assert.Equal(20, alert.Value);
        Assert.Equal(100, alert.Threshold);
    }

    [Fact]
    public void DriftAndMissingValues_FromTheReportedDriftResult_NameTheColumn()
    {
        using var host = new MonitoringTestHost(_ => { });
        var reference = Samples.Normal(400, 1);
        var current = Samples.Normal(400, 2, mean: 1.5).Select((v, i) => i % 4 == 0 ? double.NaN : v).ToArray();
        host.Monitor.DetectDrift([DriftColumn.Numeric("amount", reference)], [DriftColumn.Numeric("amount", current)]);

        var alerts = host.Evaluate();

        var drift = Assert.Single(alerts, a => a.Rule == AlertRules.DriftedColumn);
        Assert.Equal("amount", drift.Column);
        Assert.Contains("feature 'amount' drifted", drift.Message, StringComparison.Ordinal);
        var missing = Assert.Single(alerts, a => a.Rule == AlertRules.MissingValues);
        Assert.Equal(host.Monitor.LatestDrift!["amount"].CurrentMissingFraction, missing.Value, 12);
    }

    [Fact]
    public async Task LoggerSink_WritesStructuredFields()
    {
        var logger = new FakeLogger<LoggerAlertSink>();
        var sink = new LoggerAlertSink(logger);
        var alert = new Alert
        {
            Model = "fraud-v3",
            Cohort = "FR",
            Column = "fraud",
            Rule = AlertRules.ClassShareChange,
            Severity = AlertSeverity.Warning,
            State = AlertState.Raised,
            Value = 0.35,
            Threshold = 0.1,
            Time = MonitoringTestHost.Start,
            Message = "the share moved",
        };

        await sink.SendAsync(alert, CancellationToken.None);

        var record = logger.LatestRecord;
        Assert.Equal(LogLevel.Warning, record.Level);
        var state = record.StructuredState!.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("fraud-v3", state["Model"]);
        Assert.Equal("FR", state["Cohort"]);
        Assert.Equal("fraud", state["Column"]);
        Assert.Equal(AlertRules.ClassShareChange, state["Rule"]);
        Assert.Equal("Warning", state["Severity"]);
        Assert.Equal("0.35", state["Value"]);
        Assert.Equal("the share moved", state["AlertMessage"]);
    }
}
