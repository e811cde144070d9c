namespace ModelMonitor.Thresholds;

/// <summary>How the abstaining decision rule of <see cref="CalibratedThresholds"/> does on a holdout set.</summary>
/// <param name="Count">Holdout rows.</param>
/// <param name="Covered">Rows where some class cleared its threshold (the rule did not abstain).</param>
/// <param name="Correct">Covered rows whose prediction equals the label.</param>
/// <remarks>Higher thresholds trade coverage for accuracy on what is covered; both are reported so the trade-off is visible.</remarks>
public sealed record DecisionRuleEvaluation(int Count, int Covered, int Correct)
{
    /// <summary>The share of rows the rule answered: <c>Covered / Count</c>.</summary>
    public double Coverage => Count == 0 ? 0 : (double)Covered / Count;

    /// <summary>Accuracy on the answered rows: <c>Correct / Covered</c>; 0 when nothing was covered.</summary>
    public double Accuracy => Covered == 0 ? 0 : (double)Correct / Covered;
}
