using Microsoft.ML;
using Microsoft.ML.Data;

namespace ModelMonitor.MLNet;

/// <summary>
/// Reads the output of an ML.NET binary classifier (a scored <see cref="IDataView"/>) as
/// <see cref="PredictionRecord"/>s, or feeds it straight to an <see cref="IPredictionObserver"/>.
/// </summary>
/// <remarks>
/// <para>
/// The view needs a <see cref="ProbabilityColumnName"/> column of type <see cref="float"/> and a
/// <see cref="PredictedLabelColumnName"/> column of type <see cref="bool"/>, as ML.NET's calibrated
/// binary trainers produce. A <see cref="LabelColumnName"/> column of type <see cref="bool"/> is
/// optional; when the view has one, each record carries its label. The columns are checked before
/// any row is read. To read a label column of another name, copy it to <c>Label</c> first
/// (<c>mlContext.Transforms.CopyColumns("Label", "Sentiment")</c>); to ignore a label column of
/// another type, drop it (<c>mlContext.Transforms.DropColumns("Label")</c>).
/// </para>
/// <para>
/// Each record has one score, the probability of class 1 (the positive class), and its predicted
/// class is 1 when <c>PredictedLabel</c> is <see langword="true"/>, 0 otherwise; its label,
/// likewise. One pass opens one cursor with only those columns active and creates their getters
/// once. A lazy view is evaluated again on every pass, so read it once.
/// </para>
/// <para>This type is stateless and thread-safe; each call reads the view with its own cursor.</para>
/// </remarks>
public static class ScoredDataViewReader
{
    /// <summary>The name of the calibrated probability column ML.NET's binary trainers add.</summary>
    public const string ProbabilityColumnName = "Probability";

    /// <summary>The name of the predicted label column ML.NET's binary trainers add.</summary>
    public const string PredictedLabelColumnName = "PredictedLabel";

    /// <summary>The name of the (optional) true label column.</summary>
    public const string LabelColumnName = "Label";

    /// <summary>Reads a scored binary classification view as prediction records, lazily.</summary>
    /// <param name="scored">The scored view: <c>Probability</c> (<see cref="float"/>), <c>PredictedLabel</c> (<see cref="bool"/>) and optionally <c>Label</c> (<see cref="bool"/>).</param>
    /// <param name="timestampSelector">Gives the timestamp of the row at a zero-based position; when <see langword="null"/>, every record has the default timestamp, which monitors read as "now".</param>
    /// <param name="cohortSelector">Gives the cohort key of the row at a zero-based position; when <see langword="null"/>, records have no cohort.</param>
    /// <returns>
    /// The records, one per row, in the view's order. Each enumeration opens a new cursor and reads
    /// the view again; each record has a score buffer of its own, so records may be kept.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="scored"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A required column is missing, or a column has the wrong type; the message names the column. Thrown by this call, before enumeration.</exception>
    public static IEnumerable<PredictionRecord> ReadBinary(
        IDataView scored,
        Func<long, DateTimeOffset>? timestampSelector = null,
        Func<long, string?>? cohortSelector = null)
    {
        ArgumentNullException.ThrowIfNull(scored);
        var columns = BinaryColumns.Resolve(scored.Schema, nameof(scored));
        return ReadBinaryIterator(scored, columns, timestampSelector, cohortSelector);
    }

    /// <summary>Reads a scored binary classification view in one pass and observes each row's record.</summary>
    /// <param name="scored">The scored view: <c>Probability</c> (<see cref="float"/>), <c>PredictedLabel</c> (<see cref="bool"/>) and optionally <c>Label</c> (<see cref="bool"/>).</param>
    /// <param name="observer">The observer, a monitor or a pipeline of monitors, for instance.</param>
    /// <param name="timestampSelector">Gives the timestamp of the row at a zero-based position; when <see langword="null"/>, every record has the default timestamp, which monitors read as "now".</param>
    /// <param name="cohortSelector">Gives the cohort key of the row at a zero-based position; when <see langword="null"/>, records have no cohort.</param>
    /// <returns>The number of records observed (the number of rows read).</returns>
    /// <remarks>
    /// The records share one score buffer, as <see cref="IPredictionObserver.Observe"/> allows: an
    /// observer that keeps a record must copy its scores.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="scored"/> or <paramref name="observer"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A required column is missing, or a column has the wrong type; the message names the column. Nothing is observed.</exception>
    public static long ObserveBinary(
        IDataView scored,
        IPredictionObserver observer,
        Func<long, DateTimeOffset>? timestampSelector = null,
        Func<long, string?>? cohortSelector = null)
    {
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(observer);
        var columns = BinaryColumns.Resolve(scored.Schema, nameof(scored));
        var scores = new float[1];
        long count = 0;
        using var cursor = scored.GetRowCursor(columns.Active);
        var reader = new BinaryRowReader(cursor, columns);
        while (cursor.MoveNext())
        {
            reader.Read(out scores[0], out var predictedClass, out var label);
            var position = cursor.Position;
            var record = new PredictionRecord(
                timestampSelector?.Invoke(position) ?? default,
                scores,
                predictedClass,
                cohortSelector?.Invoke(position),
                label);
            observer.Observe(record);
            count++;
        }

        return count;
    }

    private static IEnumerable<PredictionRecord> ReadBinaryIterator(
        IDataView scored,
        BinaryColumns columns,
        Func<long, DateTimeOffset>? timestampSelector,
        Func<long, string?>? cohortSelector)
    {
        using var cursor = scored.GetRowCursor(columns.Active);
        var reader = new BinaryRowReader(cursor, columns);
        while (cursor.MoveNext())
        {
            reader.Read(out var probability, out var predictedClass, out var label);
            var position = cursor.Position;
            yield return new PredictionRecord(
                timestampSelector?.Invoke(position) ?? default,
                new[] { probability },
                predictedClass,
                cohortSelector?.Invoke(position),
                label);
        }
    }

    /// <summary>The columns of a binary scored view, found and type-checked.</summary>
    private sealed class BinaryColumns
    {
        private BinaryColumns(DataViewSchema.Column probability, DataViewSchema.Column predictedLabel, DataViewSchema.Column? label)
        {
            Probability = probability;
            PredictedLabel = predictedLabel;
            Label = label;
            Active = label is { } l ? [probability, predictedLabel, l] : [probability, predictedLabel];
        }

        public DataViewSchema.Column Probability { get; }

        public DataViewSchema.Column PredictedLabel { get; }

        public DataViewSchema.Column? Label { get; }

        public DataViewSchema.Column[] Active { get; }

        public static BinaryColumns Resolve(DataViewSchema schema, string paramName)
        {
            var probability = ViewColumns.Require(schema, ProbabilityColumnName, "Single (float)", paramName, t => t.Equals(NumberDataViewType.Single));
            var predictedLabel = ViewColumns.Require(schema, PredictedLabelColumnName, "Boolean (bool)", paramName, t => t.Equals(BooleanDataViewType.Instance));
            var label = schema.GetColumnOrNull(LabelColumnName);
            if (label is { } l)
            {
                ViewColumns.Check(l, "Boolean (bool)", paramName, t => t.Equals(BooleanDataViewType.Instance));
            }

            return new BinaryColumns(probability, predictedLabel, label);
        }
    }

    /// <summary>The getters of one cursor, created once.</summary>
    private sealed class BinaryRowReader
    {
        private readonly ValueGetter<float> _probability;
        private readonly ValueGetter<bool> _predictedLabel;
        private readonly ValueGetter<bool>? _label;

        public BinaryRowReader(DataViewRowCursor cursor, BinaryColumns columns)
        {
            _probability = cursor.GetGetter<float>(columns.Probability);
            _predictedLabel = cursor.GetGetter<bool>(columns.PredictedLabel);
            _label = columns.Label is { } label ? cursor.GetGetter<bool>(label) : null;
        }

        public void Read(out float probability, out int predictedClass, out int? label)
        {
            probability = 0f;
            var predicted = false;
            _probability(ref probability);
            _predictedLabel(ref predicted);
            predictedClass = predicted ? 1 : 0;
            label = null;
            if (_label is not null)
            {
                var value = false;
                _label(ref value);
                label = value ? 1 : 0;
            }
        }
    }
}
