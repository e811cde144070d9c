using System.Runtime.InteropServices;

namespace ModelMonitor.Features;

/// <summary>What a <see cref="FeatureValue"/> holds.</summary>
public enum FeatureValueKind
{
    /// <summary>No value.</summary>
    Missing = 0,

    /// <summary>A number; NaN counts as missing.</summary>
    Number = 1,

    /// <summary>Text or a category label, never empty.</summary>
    Text = 2,

    /// <summary>A boolean.</summary>
    Boolean = 3,
}

/// <summary>
/// One cell of a serving feature row, without boxing: a number, a piece of text (a category) or a
/// boolean. Text is a <see cref="ReadOnlyMemory{T}"/> the caller may reuse once
/// <see cref="IFeatureObserver.ObserveFeatures"/> returns, so a row costs no allocation.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly struct FeatureValue
{
    private FeatureValue(FeatureValueKind kind, double number, bool boolean, ReadOnlyMemory<char> text)
    {
        Kind = kind;
        Number = number;
        Boolean = boolean;
        Text = text;
    }

    /// <summary>Gets a missing value.</summary>
    public static FeatureValue Missing => default;

    /// <summary>Gets what the value holds.</summary>
    public FeatureValueKind Kind { get; }

    /// <summary>Gets the number when <see cref="Kind"/> is <see cref="FeatureValueKind.Number"/>.</summary>
    public double Number { get; }

    /// <summary>Gets the boolean when <see cref="Kind"/> is <see cref="FeatureValueKind.Boolean"/>.</summary>
    public bool Boolean { get; }

    /// <summary>Gets the text when <see cref="Kind"/> is <see cref="FeatureValueKind.Text"/>.</summary>
    public ReadOnlyMemory<char> Text { get; }

    /// <summary>Creates a numeric value.</summary>
    /// <param name="value">The number; NaN counts as missing.</param>
    /// <returns>The value.</returns>
    public static FeatureValue FromNumber(double value) => new(FeatureValueKind.Number, value, false, default);

    /// <summary>Creates a text (categorical) value.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The value; <see cref="Missing"/> when the text is empty (ML.NET's missing text).</returns>
    public static FeatureValue FromText(ReadOnlyMemory<char> value) => value.IsEmpty ? default : new(FeatureValueKind.Text, 0, false, value);

    /// <summary>Creates a text (categorical) value.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The value; <see cref="Missing"/> when the text is <see langword="null"/> or empty.</returns>
    public static FeatureValue FromText(string? value) => value is null ? default : FromText(value.AsMemory());

    /// <summary>Creates a boolean value.</summary>
    /// <param name="value">The boolean.</param>
    /// <returns>The value.</returns>
    public static FeatureValue FromBoolean(bool value) => new(FeatureValueKind.Boolean, 0, value, default);
}

/// <summary>Something that observes a model's serving feature rows, one cell per feature in the order of <see cref="FeatureNames"/>.</summary>
public interface IFeatureObserver
{
    /// <summary>Gets the names of the features a row holds, in order; empty when no feature is observed.</summary>
    IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Observes one feature row. A row of the wrong length is counted as invalid, never thrown on.</summary>
    /// <param name="features">One value per name of <see cref="FeatureNames"/>; text may be reused once the call returns.</param>
    void ObserveFeatures(ReadOnlySpan<FeatureValue> features);
}
