using ModelMonitor.Explanations;
using ModelMonitor.Robustness;
using ModelMonitor.Thresholds;

namespace ModelMonitor.Tests.Robustness;

public sealed class RobustnessCheckerTests
{
    // A brittle model: positive exactly when the text contains lower-case "good".
    private static readonly DelegateBatchPredictor<string> CaseSensitive = new(2, texts =>
        [.. texts.Select(t => t.Contains("good", StringComparison.Ordinal) ? new[] { 0.2f, 0.8f } : new[] { 0.7f, 0.3f })]);

    [Fact]
    public void Check_CaseSensitiveModel_FailsCasingAndPassesWhitespace()
    {
        string[] inputs = ["a good phone", "bad phone", "good value, good price", "meh"];
        var report = RobustnessChecker.Check(CaseSensitive, inputs, [TextPerturbations.Casing(), TextPerturbations.Whitespace()], new RobustnessOptions { Seed = 3 }, ["web", "web", "app", null]);

        var whitespace = report.Suites[1];
        Assert.Equal(0, whitespace.Flips);
        Assert.True(whitespace.Passed);
        Assert.Equal(0, whitespace.MaxConfidenceChange);

        // Brute force: replay the same seeded perturbations and count the flips by hand.
        var casing = TextPerturbations.Casing();
        var random = new Random(3);
        var flipped = inputs.Select(i => i.Contains("good", StringComparison.Ordinal) != casing.Apply(i, random).Contains("good", StringComparison.Ordinal)).ToList();
        var suite = report.Suites[0];
        Assert.Contains(true, flipped);
        Assert.Equal(flipped.Count(f => f), suite.Flips);
        Assert.False(suite.Passed);
        Assert.False(report.Passed);
        Assert.All(suite.Examples, e => Assert.NotEqual(e.OriginalClass, e.PerturbedClass));
        Assert.Equal(["(none)", "app", "web"], suite.ByCohort.Select(c => c.Key));
        Assert.Equal(4, suite.ByClass.Sum(c => c.Count));
    }

    [Fact]
    public void Check_Thresholds_DecideTheClass()
    {
        // With a threshold of 0.9 nothing is positive, so nothing can flip.
        var high = CalibratedThresholds.FromBinary(new ThresholdSelection { Objective = ThresholdObjective.F1, IsFeasible = true, Threshold = 0.9 }, 1, 1);
        var report = RobustnessChecker.Check(CaseSensitive, ["good", "GOOD"], [TextPerturbations.Casing()], new RobustnessOptions { Thresholds = high });
        Assert.Equal(0, report.Suites[0].Flips);
    }

    [Fact]
    public void TextPerturbations_AreSeededAndDoWhatTheySay()
    {
        const string text = "The battery life is great, really.";
        Assert.Equal(TextPerturbations.Typos(1).Apply(text, new Random(5)), TextPerturbations.Typos(1).Apply(text, new Random(5)));
        Assert.DoesNotContain(TextPerturbations.Punctuation().Apply(text, new Random(0)), ",", StringComparison.Ordinal);
        Assert.Equal("The battery life is superb, really.", TextPerturbations.Replacements(new Dictionary<string, string> { ["GREAT"] = "superb" }).Apply(text, new Random(0)));
        Assert.Equal(text.Replace(" ", "", StringComparison.Ordinal), string.Concat(TextPerturbations.Whitespace().Apply(text, new Random(0)).Where(c => !char.IsWhiteSpace(c))));
        var dropped = TextPerturbations.WordDropout(1).Apply(text, new Random(0));
        Assert.Single(TextWords(dropped));
        var typo = TextPerturbations.Typos(1).Apply("abc", new Random(2));
        Assert.True(typo is "bac" or "acb" or "bc" or "ac", typo);
        Assert.Throws<ArgumentOutOfRangeException>(() => TextPerturbations.Typos(0));
    }

    [Fact]
    public void Check_BadInput_ClearErrors()
    {
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => RobustnessChecker.Check(CaseSensitive, [], TextPerturbations.All())).ParamName);
        Assert.Equal("suites", Assert.Throws<ArgumentException>(() => RobustnessChecker.Check(CaseSensitive, ["a"], [])).ParamName);
        Assert.Equal("cohorts", Assert.Throws<ArgumentException>(() => RobustnessChecker.Check(CaseSensitive, ["a"], TextPerturbations.All(), cohorts: ["x", "y"])).ParamName);
    }

    private static string[] TextWords(string text) => [.. TextTokenizer.Words(text).Select(r => text[r])];
}
