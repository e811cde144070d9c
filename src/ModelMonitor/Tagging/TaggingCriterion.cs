namespace ModelMonitor.Tagging;

/// <summary>Why a sample was chosen for labelling.</summary>
public enum TaggingCriterion
{
    /// <summary>The lowest largest class score (least confident first); the score is the largest class score.</summary>
    LeastConfident = 0,

    /// <summary>The smallest margin between the top two class scores; the score is the margin.</summary>
    SmallestMargin = 1,

    /// <summary>The highest entropy of the class scores (natural log); the score is the entropy.</summary>
    HighestEntropy = 2,

    /// <summary>The most confident predictions first (negative-sample mining); the score is the largest class score.</summary>
    HighConfidence = 3,

    /// <summary>The predicted class's score lies within a distance of its threshold, closest first; the score is the distance.</summary>
    NearThreshold = 4,

    /// <summary>The prediction is correct but its score did not clear its class threshold, furthest below first; the score is the shortfall (threshold minus score).</summary>
    BelowThresholdButCorrect = 5,

    /// <summary>A uniform random sample (seeded reservoir sampling), in arrival order; the score is the largest class score.</summary>
    Random = 6,
}
