using Microsoft.ML;
using Microsoft.ML.Data;

namespace ModelMonitor.MLNet;

/// <summary>A binary holdout read from a scored view: the probability of class 1 and the true label of every row.</summary>
/// <param name="Scores">The probability of class 1 per row.</param>
/// <param name="Labels">Whether each row is positive.</param>
/// <remarks>Pass both to <c>ThresholdCalibrator.Calibrate</c> or <c>ThresholdBootstrap.Run</c>.</remarks>
public sealed record BinaryHoldout(double[] Scores, bool[] Labels);

/// <summary>A multi-class holdout read from a scored view: row-major class probabilities and the true class of every row.</summary>
/// <param name="Probabilities">The class probabilities, <paramref name="ClassCount"/> per row, by class index.</param>
/// <param name="Labels">The true class index of each row.</param>
/// <param name="ClassCount">The number of classes (the size of the score vector).</param>
/// <remarks>Pass them to <c>MulticlassThresholds.Calibrate</c>.</remarks>
public sealed record MulticlassHoldout(double[] Probabilities, int[] Labels, int ClassCount);

/// <summary>
/// Reads the scores and labels of a scored holdout <see cref="IDataView"/>, the input of threshold
/// calibration, in one pass with only those two columns active.
/// </summary>
/// <remarks>
/// <para>
/// Binary: a <see cref="float"/> probability column (ML.NET's calibrated binary trainers add
/// <c>Probability</c>) and a <see cref="bool"/> label column. Multi-class: a known-size vector of
/// <see cref="float"/> class scores (<c>Score</c>, which ML.NET's maximum-entropy trainers normalise to
/// probabilities) and a key-typed label column (as <c>MapValueToKey</c> makes it). Key value
/// <c>k</c> is class index <c>k - 1</c>, the slot of the score vector ML.NET uses for it.
/// </para>
/// <para>
/// Column names and types are checked before any row is read; a row with a NaN score or a missing
/// label stops the read with an <see cref="InvalidDataException"/> naming the row and column, because a
/// threshold calibrated on silently dropped rows would be skewed. Stateless and thread-safe.
/// </para>
/// </remarks>
public static class HoldoutDataViewReader
{
    /// <summary>The name of the score vector column ML.NET's multi-class trainers add.</summary>
    public const string ScoreColumnName = "Score";

    /// <summary>Reads a binary holdout.</summary>
    /// <param name="scored">The scored view.</param>
    /// <param name="probabilityColumn">The <see cref="float"/> probability of class 1.</param>
    /// <param name="labelColumn">The <see cref="bool"/> true label.</param>
    /// <returns>The scores and labels, in row order.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A column is missing or has another type; the message names it.</exception>
    /// <exception cref="InvalidDataException">A row has a NaN probability; the message names the row.</exception>
    public static BinaryHoldout ReadBinary(
        IDataView scored,
        string probabilityColumn = ScoredDataViewReader.ProbabilityColumnName,
        string labelColumn = ScoredDataViewReader.LabelColumnName)
    {
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(probabilityColumn);
        ArgumentNullException.ThrowIfNull(labelColumn);
        var probability = ViewColumns.Require(scored.Schema, probabilityColumn, "Single (float)", nameof(scored), t => t.Equals(NumberDataViewType.Single));
        var label = ViewColumns.Require(scored.Schema, labelColumn, "Boolean (bool)", nameof(scored), t => t.Equals(BooleanDataViewType.Instance));

        var scores = new List<double>();
        var labels = new List<bool>();
        using var cursor = scored.GetRowCursor([probability, label]);
        var getProbability = cursor.GetGetter<float>(probability);
        var getLabel = cursor.GetGetter<bool>(label);
        float p = 0;
        var y = false;
        while (cursor.MoveNext())
        {
            getProbability(ref p);
            getLabel(ref y);
            if (float.IsNaN(p))
            {
                throw new InvalidDataException($"Row {cursor.Position}: column '{probabilityColumn}' is NaN.");
            }

            scores.Add(p);
            labels.Add(y);
        }

        return new BinaryHoldout([.. scores], [.. labels]);
    }

    /// <summary>Reads a multi-class holdout.</summary>
    /// <param name="scored">The scored view.</param>
    /// <param name="scoreColumn">The known-size <see cref="float"/> vector of class scores.</param>
    /// <param name="labelColumn">The key-typed true class.</param>
    /// <returns>The probabilities and labels, in row order.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A column is missing or has another type, or the key count differs from the score size; the message names the column.</exception>
    /// <exception cref="InvalidDataException">A row has a NaN score or a missing label; the message names the row.</exception>
    public static MulticlassHoldout ReadMulticlass(
        IDataView scored,
        string scoreColumn = ScoreColumnName,
        string labelColumn = ScoredDataViewReader.LabelColumnName)
    {
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(scoreColumn);
        ArgumentNullException.ThrowIfNull(labelColumn);
        var score = ViewColumns.Require(
            scored.Schema,
            scoreColumn,
            "a known-size vector of Single (float) with at least 2 slots",
            nameof(scored),
            t => t is VectorDataViewType { IsKnownSize: true, Size: >= 2 } v && v.ItemType.Equals(NumberDataViewType.Single));
        var label = ViewColumns.Require(
            scored.Schema,
            labelColumn,
            "Key<UInt32> (use MapValueToKey)",
            nameof(scored),
            t => t is KeyDataViewType k && k.RawType == typeof(uint));
        var classCount = ((VectorDataViewType)score.Type).Size;
        var keyCount = ((KeyDataViewType)label.Type).Count;
        if (keyCount != (ulong)classCount)
        {
            throw new ArgumentException(
                $"Column '{labelColumn}' has {keyCount} key values but column '{scoreColumn}' has {classCount} slots; they must describe the same classes.",
                nameof(scored));
        }

        var probabilities = new List<double>();
        var labels = new List<int>();
        using var cursor = scored.GetRowCursor([score, label]);
        var getScore = cursor.GetGetter<VBuffer<float>>(score);
        var getLabel = cursor.GetGetter<uint>(label);
        VBuffer<float> row = default;
        uint key = 0;
        while (cursor.MoveNext())
        {
            getScore(ref row);
            getLabel(ref key);
            if (key == 0)
            {
                throw new InvalidDataException($"Row {cursor.Position}: column '{labelColumn}' is missing (key 0, a value outside the training classes).");
            }

            var slot = 0;
            foreach (var value in row.DenseValues())
            {
                if (float.IsNaN(value))
                {
                    throw new InvalidDataException($"Row {cursor.Position}: column '{scoreColumn}' slot {slot} is NaN.");
                }

                probabilities.Add(value);
                slot++;
            }

            labels.Add((int)key - 1);
        }

        return new MulticlassHoldout([.. probabilities], [.. labels], classCount);
    }
}
