using Microsoft.ML;
using Microsoft.ML.Data;

namespace ModelMonitor.MLNet;

/// <summary>Puts a monitor in an ML.NET pipeline, after the trainer.</summary>
public static class PredictionTapCatalog
{
    /// <summary>
    /// Appends a pass-through step that observes every scored row read through it:
    /// <c>pipeline.Append(mlContext.Transforms.ObservePredictions(monitor))</c>.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="observer">The monitor that receives each row's record.</param>
    /// <param name="options">The scored columns; ML.NET's defaults when <see langword="null"/>.</param>
    /// <returns>The estimator.</returns>
    public static PredictionTapEstimator ObservePredictions(this TransformsCatalog catalog, IPredictionObserver observer, ScoredViewOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new PredictionTapEstimator(observer, options);
    }
}

/// <summary>An estimator whose transformer leaves the data unchanged and observes each scored row as it is read.</summary>
/// <remarks>Fitting learns nothing; it checks the scored columns.</remarks>
public sealed class PredictionTapEstimator : IEstimator<PredictionTapTransformer>
{
    private readonly IPredictionObserver _observer;
    private readonly ScoredViewOptions _options;

    /// <summary>Initializes the estimator.</summary>
    /// <param name="observer">The monitor that receives each row's record.</param>
    /// <param name="options">The scored columns; ML.NET's defaults when <see langword="null"/>.</param>
    public PredictionTapEstimator(IPredictionObserver observer, ScoredViewOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observer = observer;
        _options = options ?? new ScoredViewOptions();
    }

    /// <summary>Creates the transformer after checking the scored columns of <paramref name="input"/>'s schema.</summary>
    /// <param name="input">The scored data.</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentException">A scored column is missing or has the wrong type; the message names it.</exception>
    public PredictionTapTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _ = ScoredColumns.Resolve(input.Schema, _options, nameof(input), ScoredColumns.FeatureNames(_options, _observer, nameof(input)));
        return new PredictionTapTransformer(_observer, _options);
    }

    /// <summary>Returns the input shape unchanged: the tap adds and removes no column.</summary>
    /// <param name="inputSchema">The input shape.</param>
    /// <returns><paramref name="inputSchema"/>.</returns>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return inputSchema;
    }
}

/// <summary>
/// Leaves the data unchanged and observes each scored row when a cursor over its output moves
/// to it. ML.NET views are lazy: each pass over the output observes the rows again, so read the
/// output once (or use <see cref="ScoredDataViewObserver.Observe"/> on a cached view).
/// </summary>
/// <remarks>
/// <see cref="IsRowToRowMapper"/> is <see langword="true"/>, so a pipeline holding the tap still
/// gives a <c>PredictionEngine</c>; single predictions do not pass through cursors, so observe
/// them with <see cref="PredictionEngineMonitoring.PredictAndObserve{TSrc, TDst}"/>. The tap holds a live
/// monitor and cannot be saved: save the model without it. The transformer holds no mutable
/// state; each cursor reads its own row, so it is as thread-safe as the observer (every
/// ModelMonitor monitor is).
/// </remarks>
public sealed class PredictionTapTransformer : ITransformer
{
    private readonly IPredictionObserver _observer;
    private readonly ScoredViewOptions _options;

    internal PredictionTapTransformer(IPredictionObserver observer, ScoredViewOptions options)
    {
        _observer = observer;
        _options = options;
    }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        _ = ScoredColumns.Resolve(inputSchema, _options, nameof(inputSchema), ScoredColumns.FeatureNames(_options, _observer, nameof(inputSchema)));
        return inputSchema;
    }

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new PassThroughMapper(inputSchema);
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var columns = ScoredColumns.Resolve(input.Schema, _options, nameof(input), ScoredColumns.FeatureNames(_options, _observer, nameof(input)));
        return new ObservedDataView(input, columns, _observer);
    }

    /// <summary>Always throws: the tap holds a live monitor, which a model file cannot carry.</summary>
    /// <param name="ctx">The save context.</param>
    /// <exception cref="NotSupportedException">Always.</exception>
    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("A prediction tap holds a live monitor and cannot be saved. Save the model fitted without ObservePredictions, and append the tap again after loading it.");

    private sealed class PassThroughMapper(DataViewSchema schema) : IRowToRowMapper
    {
        public DataViewSchema InputSchema => schema;

        public DataViewSchema OutputSchema => schema;

        public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) => dependingColumns;

        public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) => new PassThroughRow(input);
    }

    /// <summary>Hands the input row's values through; disposing it leaves the input row to its owner.</summary>
    private sealed class PassThroughRow(DataViewRow input) : DataViewRow
    {
        public override long Position => input.Position;

        public override long Batch => input.Batch;

        public override DataViewSchema Schema => input.Schema;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => input.GetGetter<TValue>(column);

        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => input.IsColumnActive(column);
    }

    private sealed class ObservedDataView(IDataView input, ScoredColumns columns, IPredictionObserver observer) : IDataView
    {
        public bool CanShuffle => input.CanShuffle;

        public DataViewSchema Schema => input.Schema;

        public long? GetRowCount() => input.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            var needed = columnsNeeded.Concat(columns.Active).DistinctBy(c => c.Index);
            return new ObservingCursor(input.GetRowCursor(needed, rand), columns, observer);
        }

        // One cursor: observing from several threads at once would interleave the monitor's count windows.
        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            [GetRowCursor(columnsNeeded, rand)];
    }

    private sealed class ObservingCursor : DataViewRowCursor
    {
        private readonly DataViewRowCursor _input;
        private readonly ScoredRowReader _reader;
        private readonly IPredictionObserver _observer;

        public ObservingCursor(DataViewRowCursor input, ScoredColumns columns, IPredictionObserver observer)
        {
            _input = input;
            _observer = observer;
            _reader = new ScoredRowReader(input, columns);
        }

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override DataViewSchema Schema => _input.Schema;

        public override bool MoveNext()
        {
            if (!_input.MoveNext())
            {
                return false;
            }

            _reader.ObserveRow(_observer);
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _input.GetGetter<TValue>(column);

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => _input.IsColumnActive(column);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _input.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>
/// Observes single predictions made with a <c>PredictionEngine</c>, or with any prediction function
/// such as <c>PredictionEnginePool.Predict</c> (<see cref="Observing"/>).
/// </summary>
public static class PredictionEngineMonitoring
{
    /// <summary>Predicts one example and observes the prediction.</summary>
    /// <typeparam name="TSrc">The input type.</typeparam>
    /// <typeparam name="TDst">The prediction type.</typeparam>
    /// <param name="engine">The engine (not thread-safe: one per thread, or one from a pool).</param>
    /// <param name="example">The example.</param>
    /// <param name="observer">The monitor.</param>
    /// <param name="toRecord">Turns the prediction (and its example, for a cohort key) into a record: use <see cref="BinaryRecord"/> or <see cref="MulticlassRecord"/>.</param>
    /// <returns>The prediction.</returns>
    public static TDst PredictAndObserve<TSrc, TDst>(this PredictionEngineBase<TSrc, TDst> engine, TSrc example, IPredictionObserver observer, Func<TSrc, TDst, PredictionRecord> toRecord)
        where TSrc : class
        where TDst : class, new()
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(observer);
        ArgumentNullException.ThrowIfNull(toRecord);
        var prediction = engine.Predict(example);
        observer.Observe(toRecord(example, prediction));
        return prediction;
    }

    /// <summary>
    /// Wraps any prediction function so that each prediction it makes is observed: the convenience
    /// for <c>PredictionEnginePool</c> users (<c>Observing&lt;In, Out&gt;(x =&gt; pool.Predict("fraud-v3", x), monitor, toRecord)</c>),
    /// and for any other pool or engine wrapper, without this package depending on theirs.
    /// </summary>
    /// <typeparam name="TSrc">The input type.</typeparam>
    /// <typeparam name="TDst">The prediction type.</typeparam>
    /// <param name="predict">Makes one prediction; as thread-safe as the returned function must be (a pool's <c>Predict</c> is).</param>
    /// <param name="observer">The monitor (every ModelMonitor monitor is thread-safe).</param>
    /// <param name="toRecord">Turns the prediction (and its example, for a cohort key) into a record: use <see cref="BinaryRecord"/> or <see cref="MulticlassRecord"/>.</param>
    /// <returns>A function that predicts, observes the prediction, and returns it.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static Func<TSrc, TDst> Observing<TSrc, TDst>(Func<TSrc, TDst> predict, IPredictionObserver observer, Func<TSrc, TDst, PredictionRecord> toRecord)
    {
        ArgumentNullException.ThrowIfNull(predict);
        ArgumentNullException.ThrowIfNull(observer);
        ArgumentNullException.ThrowIfNull(toRecord);
        return example =>
        {
            var prediction = predict(example);
            observer.Observe(toRecord(example, prediction));
            return prediction;
        };
    }

    /// <summary>The record of a binary prediction.</summary>
    /// <param name="probability">The calibrated probability of class 1.</param>
    /// <param name="predictedLabel">The predicted label.</param>
    /// <param name="cohort">The cohort key, if any.</param>
    /// <param name="timestamp">When it was made; <see langword="default"/> for the monitor's now.</param>
    /// <returns>The record (it allocates its one-score buffer).</returns>
    public static PredictionRecord BinaryRecord(float probability, bool predictedLabel, string? cohort = null, DateTimeOffset timestamp = default) =>
        new(timestamp, new[] { probability }, predictedLabel ? 1 : 0, cohort);

    /// <summary>The record of a multi-class prediction, as ML.NET gives it: class scores and a one-based key.</summary>
    /// <param name="scores">One score per class.</param>
    /// <param name="predictedKey">The predicted label's key (class k - 1; 0 is missing and makes the record invalid).</param>
    /// <param name="cohort">The cohort key, if any.</param>
    /// <param name="timestamp">When it was made; <see langword="default"/> for the monitor's now.</param>
    /// <returns>The record.</returns>
    public static PredictionRecord MulticlassRecord(float[] scores, uint predictedKey, string? cohort = null, DateTimeOffset timestamp = default)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return new(timestamp, scores, (int)predictedKey - 1, cohort);
    }
}
