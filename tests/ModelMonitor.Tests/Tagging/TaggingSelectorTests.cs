using ModelMonitor.Tagging;

namespace ModelMonitor.Tests.Tagging;

public class TaggingSelectorTests
{
    private static readonly double[] Thresholds4 = [0.4, 0.5, 0.6, 0.3];

    public static TheoryData<TaggingCriterion, int> Criteria()
    {
        var data = new TheoryData<TaggingCriterion, int>();
        foreach (var c in new[] { TaggingCriterion.LeastConfident, TaggingCriterion.SmallestMargin, TaggingCriterion.HighestEntropy, TaggingCriterion.HighConfidence, TaggingCriterion.NearThreshold, TaggingCriterion.BelowThresholdButCorrect })
        {
            data.Add(c, 1);
            data.Add(c, 4);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Criteria))]
    public void Select_RandomRecords_MatchesBruteForceSort(TaggingCriterion criterion, int scoreCount)
    {
        var classCount = scoreCount == 1 ? 2 : scoreCount;
        var records = MakeRecords(5000, scoreCount, seed: 11 + (int)criterion);
        var selector = Create(criterion, classCount, budget: 137);

        var actual = selector.Select(records);

        var expected = BruteForce(criterion, records, classCount, 137);
        Assert.Equal(expected.Select(e => e.Id), actual.Select(a => a.SampleId));
        Assert.Equal(expected.Select(e => e.Score), actual.Select(a => a.Score));
        Assert.All(actual, a => Assert.Equal(criterion, a.Reason));
    }

    [Fact]
    public void Select_TiedScores_EarlierArrivalWins()
    {
        var records = Enumerable.Range(0, 10).Select(i => Record([0.5f, 0.5f], 0, id: $"s{i}")).ToArray();
        var selector = TaggingSelector.LeastConfident(2, 4);

        var actual = selector.Select(records);

        Assert.Equal(["s0", "s1", "s2", "s3"], actual.Select(a => a.SampleId));
    }

    [Fact]
    public void Select_BinaryScore_ReadAsTwoClassScores()
    {
        var binary = TaggingSelector.HighestEntropy(2, 3).Select([Record([0.9f], 1, "a"), Record([0.45f], 0, "b"), Record([0.2f], 0, "c")]);
        var twoClass = TaggingSelector.HighestEntropy(2, 3).Select([Record([0.1f, 0.9f], 1, "a"), Record([0.55f, 0.45f], 0, "b"), Record([0.8f, 0.2f], 0, "c")]);

        Assert.Equal(twoClass.Select(s => s.SampleId), binary.Select(s => s.SampleId));
        Assert.Equal(twoClass.Select(s => s.Score), binary.Select(s => s.Score), (x, y) => Math.Abs(x - y) < 1e-6);
    }

    [Fact]
    public void HighConfidence_ChosenClasses_KeepsOnlyThoseClasses()
    {
        var records = MakeRecords(2000, 4, seed: 3);
        var actual = TaggingSelector.HighConfidence(4, 50, [2]).Select(records);

        Assert.Equal(50, actual.Count);
        Assert.All(actual, a => Assert.Equal(2, a.PredictedClass));
    }

    [Fact]
    public void Observe_MillionRecords_KeepsBudgetItems()
    {
        var selector = TaggingSelector.LeastConfident(2, 1000);
        var scores = new float[2];
        var random = new Random(5);
        var ids = Enumerable.Range(0, 1024).Select(i => $"id{i}").ToArray();
        for (var i = 0; i < 1_000_000; i++)
        {
            var p = (float)random.NextDouble();
            scores[0] = 1 - p;
            scores[1] = p;
            selector.Observe(Record(scores, p >= 0.5f ? 1 : 0, ids[i & 1023]));
        }

        Assert.Equal(1000, selector.Count);
        Assert.Equal(1000, selector.Selected().Count);
        Assert.Equal(1_000_000, selector.ObservedRecords);
    }

    [Fact]
    public void Observe_RejectedRecords_AllocateNothing()
    {
        var selector = TaggingSelector.LeastConfident(2, 1000);
        var uncertain = Record([0.5f, 0.5f], 0, "u");
        for (var i = 0; i < 1000; i++)
        {
            selector.Observe(uncertain);
        }

        var confident = Record([0.01f, 0.99f], 1, "c");
        selector.Observe(confident);
        Assert.Equal(0, Allocations.Quietest(() =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                selector.Observe(confident);
            }
        }));
        Assert.Equal(1000, selector.Count);
    }

    [Fact]
    public void NearThreshold_BinaryThreshold_UsesDistanceOfProbabilityToThreshold()
    {
        var selector = TaggingSelector.NearThreshold(TaggingSelector.BinaryThresholds(0.7), 0.05, 10);

        var actual = selector.Select([Record([0.72f], 1, "near"), Record([0.3f], 0, "far"), Record([0.67f], 1, "below")]);

        Assert.Equal(["near", "below"], actual.Select(a => a.SampleId));
        Assert.Equal(0.02, actual[0].Score, 1e-6);
    }

    [Fact]
    public void Observe_IneligibleNearThresholdRecords_AllocateNothing()
    {
        var selector = TaggingSelector.NearThreshold(Thresholds4, 0.01, 5);
        var far = Record([0.97f, 0.01f, 0.01f, 0.01f], 0, "far");
        selector.Observe(far);
        Assert.Equal(0, Allocations.Quietest(() =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                selector.Observe(far);
            }
        }));
        Assert.Equal(0, selector.Count);
    }

    [Fact]
    public void Observe_EightThreads_ExactCounts()
    {
        const int PerThread = 20_000;
        var selector = TaggingSelector.LeastConfident(3, 500);
        var all = new PredictionRecord[8][];
        for (var t = 0; t < 8; t++)
        {
            var random = new Random(100 + t);
            all[t] = new PredictionRecord[PerThread];
            for (var i = 0; i < PerThread; i++)
            {
                var a = (float)random.NextDouble();
                var b = (float)random.NextDouble() * (1 - a);
                float[] s = [a, b, 1 - a - b];
                var id = i % 10 == 0 ? null : $"t{t}-{i}";
                all[t][i] = i % 25 == 1 ? Record([float.NaN, 0f, 1f], 0, id) : Record(s, Argmax(s), id);
            }
        }

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
        {
            foreach (var r in all[t])
            {
                selector.Observe(r);
            }
        });

        var flat = all.SelectMany(a => a).ToArray();
        var invalid = flat.Count(r => float.IsNaN(r.Scores.Span[0]));
        Assert.Equal(invalid, selector.InvalidCount(InvalidRecordReason.NonFiniteScore));
        Assert.Equal(flat.Length - invalid, selector.ObservedRecords);
        Assert.Equal(flat.Count(r => r.SampleId is null && !float.IsNaN(r.Scores.Span[0])), selector.MissingSampleId);
        var expected = BruteForce(TaggingCriterion.LeastConfident, flat, 3, 500);
        Assert.Equal(expected.Select(e => e.Score), selector.Selected().Select(s => s.Score));
    }

    [Fact]
    public void Observe_InvalidAndMissingId_CountedAndSkipped()
    {
        var selector = TaggingSelector.LeastConfident(2, 10);
        selector.Observe(Record([0.5f, 0.5f], 0, id: null));
        selector.Observe(Record([0.5f, 0.5f, 0f], 0, "x"));
        selector.Observe(Record([0.5f, 0.5f], 5, "y"));

        var snapshot = selector.Snapshot();
        Assert.Equal(1, snapshot.MissingSampleId);
        Assert.Equal(1, snapshot.ObservedRecords);
        Assert.Equal(1, snapshot.InvalidRecords.WrongScoreCount);
        Assert.Equal(1, snapshot.InvalidRecords.PredictedClassOutOfRange);
        Assert.Empty(snapshot.Selected);
    }

    [Fact]
    public void Random_SameSeed_SameSample()
    {
        var records = MakeRecords(10_000, 2, seed: 9);
        var first = TaggingSelector.Random(2, 100, seed: 42).Select(records);
        var second = TaggingSelector.Random(2, 100, seed: 42).Select(records);
        var other = TaggingSelector.Random(2, 100, seed: 43).Select(records);

        Assert.Equal(100, first.Count);
        Assert.Equal(first.Select(s => s.SampleId), second.Select(s => s.SampleId));
        Assert.NotEqual(first.Select(s => s.SampleId), other.Select(s => s.SampleId));
        Assert.Equal(100, first.Select(s => s.SampleId).Distinct().Count());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Factories_BudgetNotPositive_ThrowsNamingBudget(int budget)
    {
        Assert.Equal("budget", Assert.ThrowsAny<ArgumentException>(() => TaggingSelector.LeastConfident(2, budget)).ParamName);
        Assert.Equal("budget", Assert.ThrowsAny<ArgumentException>(() => TaggingSelector.HighConfidence(2, budget)).ParamName);
        Assert.Equal("budget", Assert.ThrowsAny<ArgumentException>(() => TaggingSelector.NearThreshold(Thresholds4, 0.1, budget)).ParamName);
        Assert.Equal("budget", Assert.ThrowsAny<ArgumentException>(() => TaggingSelector.Random(2, budget, 1)).ParamName);
    }

    [Fact]
    public void NearThreshold_NegativeDelta_ThrowsNamingDelta()
    {
        Assert.Equal("delta", Assert.ThrowsAny<ArgumentException>(() => TaggingSelector.NearThreshold(Thresholds4, -0.1, 10)).ParamName);
        Assert.Equal("delta", Assert.ThrowsAny<ArgumentException>(() => TaggingSelector.NearThreshold(Thresholds4, double.NaN, 10)).ParamName);
    }

    [Fact]
    public void ThresholdSelectors_WrongThresholds_ThrowNamingThresholds()
    {
        Assert.Equal("thresholds", Assert.ThrowsAny<ArgumentException>(() => TaggingSelector.NearThreshold([0.5], 0.1, 10)).ParamName);
        Assert.Equal("thresholds", Assert.ThrowsAny<ArgumentException>(() => TaggingSelector.BelowThresholdButCorrect([0.5, double.NaN], 10)).ParamName);
        Assert.Equal("classes", Assert.ThrowsAny<ArgumentException>(() => TaggingSelector.HighConfidence(2, 10, [2])).ParamName);
        Assert.Equal("threshold", Assert.ThrowsAny<ArgumentException>(() => TaggingSelector.BinaryThresholds(1.5)).ParamName);
    }

    [Fact]
    public void Observe_ThresholdsOfOtherClassCount_CountsWrongScoreCount()
    {
        var selector = TaggingSelector.NearThreshold(Thresholds4, 0.5, 10);
        selector.Observe(Record([0.5f, 0.5f], 0, "x"));

        Assert.Equal(1, selector.InvalidCount(InvalidRecordReason.WrongScoreCount));
    }

    internal static PredictionRecord Record(float[] scores, int predicted, string? id, string? cohort = null, int? label = null)
        => new(default, scores, predicted, cohort, label, id);

    internal static PredictionRecord[] MakeRecords(int count, int scoreCount, int seed)
    {
        var random = new Random(seed);
        var records = new PredictionRecord[count];
        for (var i = 0; i < count; i++)
        {
            var s = new float[scoreCount];
            if (scoreCount == 1)
            {
                // Coarse values so that ties occur and are broken by arrival order.
                s[0] = random.Next(0, 101) / 100f;
            }
            else
            {
                var sum = 0f;
                for (var k = 0; k < scoreCount; k++)
                {
                    s[k] = random.Next(1, 50);
                    sum += s[k];
                }

                for (var k = 0; k < scoreCount; k++)
                {
                    s[k] /= sum;
                }
            }

            var predicted = scoreCount == 1 ? (s[0] >= 0.5f ? 1 : 0) : Argmax(s);
            var classCount = scoreCount == 1 ? 2 : scoreCount;
            int? label = random.Next(3) == 0 ? null : (random.Next(2) == 0 ? predicted : random.Next(classCount));
            records[i] = Record(s, predicted, $"r{i}", $"c{i % 7}", label);
        }

        return records;
    }

    private static int Argmax(float[] s)
    {
        var best = 0;
        for (var i = 1; i < s.Length; i++)
        {
            if (s[i] > s[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static TaggingSelector Create(TaggingCriterion criterion, int classCount, int budget) => criterion switch
    {
        TaggingCriterion.LeastConfident => TaggingSelector.LeastConfident(classCount, budget),
        TaggingCriterion.SmallestMargin => TaggingSelector.SmallestMargin(classCount, budget),
        TaggingCriterion.HighestEntropy => TaggingSelector.HighestEntropy(classCount, budget),
        TaggingCriterion.HighConfidence => TaggingSelector.HighConfidence(classCount, budget),
        TaggingCriterion.NearThreshold => TaggingSelector.NearThreshold(ThresholdsFor(classCount), 0.1, budget),
        TaggingCriterion.BelowThresholdButCorrect => TaggingSelector.BelowThresholdButCorrect(ThresholdsFor(classCount), budget),
        _ => throw new ArgumentOutOfRangeException(nameof(criterion)),
    };

    private static IReadOnlyList<double> ThresholdsFor(int classCount) => classCount == 2 ? TaggingSelector.BinaryThresholds(0.7) : Thresholds4;

    // An independent re-implementation: full class-score vectors, a stable sort by priority.
    private static List<(string Id, double Score)> BruteForce(TaggingCriterion criterion, PredictionRecord[] records, int classCount, int budget)
    {
        var thresholds = ThresholdsFor(classCount);
        var candidates = new List<(string Id, double Score, double Priority, int Index)>();
        for (var i = 0; i < records.Length; i++)
        {
            var r = records[i];
            var raw = r.Scores.ToArray();
            if (r.SampleId is null || raw.Any(float.IsNaN))
            {
                continue;
            }

            var p = raw.Length == 1 ? new double[] { 1 - (double)raw[0], raw[0] } : raw.Select(x => (double)x).ToArray();
            var sorted = p.OrderByDescending(x => x).ToArray();
            var own = p[r.PredictedClass];
            double score, priority;
            switch (criterion)
            {
                case TaggingCriterion.LeastConfident:
                    score = sorted[0];
                    priority = -score;
                    break;
                case TaggingCriterion.SmallestMargin:
                    score = sorted[0] - sorted[1];
                    priority = -score;
                    break;
                case TaggingCriterion.HighestEntropy:
                    score = p.Sum(x => x > 0 ? -x * Math.Log(x) : 0);
                    priority = score;
                    break;
                case TaggingCriterion.HighConfidence:
                    score = sorted[0];
                    priority = score;
                    break;
                case TaggingCriterion.NearThreshold:
                    score = Math.Abs(own - thresholds[r.PredictedClass]);
                    priority = -score;
                    if (score > 0.1)
                    {
                        continue;
                    }

                    break;
                default:
                    score = thresholds[r.PredictedClass] - own;
                    priority = score;
                    if (!(score > 0 && r.Label == r.PredictedClass))
                    {
                        continue;
                    }

                    break;
            }

            candidates.Add((r.SampleId, score, priority, i));
        }

        return [.. candidates.OrderByDescending(c => c.Priority).ThenBy(c => c.Index).Take(budget).Select(c => (c.Id, c.Score))];
    }
}
