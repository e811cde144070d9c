namespace ModelMonitor.Thresholds;

/// <summary>An objective for choosing a decision threshold on a holdout set, with its parameters.</summary>
/// <remarks>
/// Create one with the static factories, which validate the parameters; the properties a kind does not
/// use are left at zero. A plain record with public properties so that it can be stored with the
/// thresholds it produced (System.Text.Json).
/// </remarks>
public sealed record ThresholdObjective
{
    /// <summary>Creates an objective from its properties; prefer the validating static factories.</summary>
    /// <remarks>Public so that System.Text.Json can read a stored objective back.</remarks>
    public ThresholdObjective()
    {
    }

    /// <summary>The kind of objective.</summary>
    public ThresholdObjectiveKind Kind { get; init; }

    /// <summary>The weight of recall against precision, for <see cref="ThresholdObjectiveKind.FBeta"/>.</summary>
    public double Beta { get; init; }

    /// <summary>The precision (or recall) that must be reached, for the constrained kinds.</summary>
    public double Target { get; init; }

    /// <summary>The cost of one false positive, for <see cref="ThresholdObjectiveKind.MinimumCost"/>.</summary>
    public double FalsePositiveCost { get; init; }

    /// <summary>The cost of one false negative, for <see cref="ThresholdObjectiveKind.MinimumCost"/>.</summary>
    public double FalseNegativeCost { get; init; }

    /// <summary>The largest F1 score (F-beta with beta 1).</summary>
    public static ThresholdObjective F1 { get; } = new() { Kind = ThresholdObjectiveKind.FBeta, Beta = 1 };

    /// <summary>The largest Youden's J statistic.</summary>
    public static ThresholdObjective YoudenJ { get; } = new() { Kind = ThresholdObjectiveKind.YoudenJ };

    /// <summary>The largest balanced accuracy.</summary>
    /// <remarks>Balanced accuracy is <c>(J + 1) / 2</c>, so it picks the same threshold as <see cref="YoudenJ"/>; it is offered for its more familiar scale.</remarks>
    public static ThresholdObjective BalancedAccuracy { get; } = new() { Kind = ThresholdObjectiveKind.BalancedAccuracy };

    /// <summary>The largest F-beta score.</summary>
    /// <param name="beta">How many times more recall weighs than precision; positive and finite.</param>
    /// <returns>The objective.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is not positive and finite.</exception>
    public static ThresholdObjective FBeta(double beta)
    {
        if (!(beta > 0) || double.IsPositiveInfinity(beta))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "Beta must be positive and finite.");
        }

        return new() { Kind = ThresholdObjectiveKind.FBeta, Beta = beta };
    }

    /// <summary>The largest recall among the thresholds whose precision is at least <paramref name="precision"/>.</summary>
    /// <param name="precision">The smallest acceptable precision, in (0, 1].</param>
    /// <returns>The objective.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="precision"/> is not in (0, 1].</exception>
    public static ThresholdObjective RecallAtPrecision(double precision)
    {
        ValidateTarget(precision, nameof(precision));
        return new() { Kind = ThresholdObjectiveKind.RecallAtPrecision, Target = precision };
    }

    /// <summary>The largest precision among the thresholds whose recall is at least <paramref name="recall"/>.</summary>
    /// <param name="recall">The smallest acceptable recall, in (0, 1].</param>
    /// <returns>The objective.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="recall"/> is not in (0, 1].</exception>
    public static ThresholdObjective PrecisionAtRecall(double recall)
    {
        ValidateTarget(recall, nameof(recall));
        return new() { Kind = ThresholdObjectiveKind.PrecisionAtRecall, Target = recall };
    }

    /// <summary>The smallest expected cost per row, from the costs of the two kinds of error.</summary>
    /// <param name="falsePositiveCost">The cost of one false positive; finite, not negative.</param>
    /// <param name="falseNegativeCost">The cost of one false negative; finite, not negative.</param>
    /// <returns>The objective.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A cost is negative, NaN or infinite.</exception>
    /// <remarks>Correct decisions cost nothing; a cost matrix with costs on its diagonal reduces to this one by subtracting them.</remarks>
    public static ThresholdObjective MinimumCost(double falsePositiveCost, double falseNegativeCost)
    {
        ValidateCost(falsePositiveCost, nameof(falsePositiveCost));
        ValidateCost(falseNegativeCost, nameof(falseNegativeCost));
        return new()
        {
            Kind = ThresholdObjectiveKind.MinimumCost,
            FalsePositiveCost = falsePositiveCost,
            FalseNegativeCost = falseNegativeCost,
        };
    }

    internal void Validate(string parameterName)
    {
        var valid = Kind switch
        {
            ThresholdObjectiveKind.FBeta => Beta > 0 && double.IsFinite(Beta),
            ThresholdObjectiveKind.YoudenJ or ThresholdObjectiveKind.BalancedAccuracy => true,
            ThresholdObjectiveKind.RecallAtPrecision or ThresholdObjectiveKind.PrecisionAtRecall => Target > 0 && Target <= 1,
            ThresholdObjectiveKind.MinimumCost => FalsePositiveCost >= 0 && double.IsFinite(FalsePositiveCost)
                && FalseNegativeCost >= 0 && double.IsFinite(FalseNegativeCost),
            _ => false,
        };
        if (!valid)
        {
            throw new ArgumentException($"The objective {this} has an unknown kind or parameters out of range.", parameterName);
        }
    }

    private static void ValidateTarget(double value, string name)
    {
        if (!(value > 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, "The target must be in (0, 1].");
        }
    }

    private static void ValidateCost(double value, string name)
    {
        if (!(value >= 0) || double.IsPositiveInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "A cost must be finite and not negative.");
        }
    }
}
