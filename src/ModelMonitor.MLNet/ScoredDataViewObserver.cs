using Microsoft.ML;

namespace ModelMonitor.MLNet;

/// <summary>Feeds a scored ML.NET view, binary or multi-class, to a monitor in one pass.</summary>
/// <remarks>Stateless and thread-safe; each call opens its own cursor.</remarks>
public static class ScoredDataViewObserver
{
    /// <summary>
    /// Observes every row of a scored view: one cursor with only the needed columns active,
    /// getters created once, and the columns' types checked before any row is read.
    /// </summary>
    /// <param name="observer">The monitor (or pipeline, or model monitor).</param>
    /// <param name="scored">The output of a trained model's <c>Transform</c>.</param>
    /// <param name="options">The column names and task; ML.NET's defaults when <see langword="null"/>.</param>
    /// <returns>The number of rows observed.</returns>
    /// <remarks>
    /// Binary rows give one score (the probability of class 1); multi-class rows one score per
    /// class, with key value k read as class k - 1 (a missing key, 0, makes the record invalid,
    /// and the monitor counts it). When the observer takes features (an <c>IModelMonitor</c> with a
    /// feature monitor) or <see cref="ScoredViewOptions.FeatureColumnNames"/> names them, each row's
    /// feature columns are read in the same pass and handed to
    /// <see cref="Features.IFeatureObserver.ObserveFeatures"/> after the record. Records share one score buffer, as
    /// <see cref="IPredictionObserver.Observe"/> allows. A lazy view is evaluated again on each
    /// pass, so observe it once.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="observer"/> or <paramref name="scored"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A needed column (feature columns included) is missing or has the wrong type, or the named feature columns are not the observer's; the message names them. Nothing is observed.</exception>
    public static long Observe(this IPredictionObserver observer, IDataView scored, ScoredViewOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(observer);
        ArgumentNullException.ThrowIfNull(scored);
        options ??= new ScoredViewOptions();
        var columns = ScoredColumns.Resolve(scored.Schema, options, nameof(scored), ScoredColumns.FeatureNames(options, observer, nameof(options)));
        using var cursor = scored.GetRowCursor(columns.Active);
        var reader = new ScoredRowReader(cursor, columns);
        long count = 0;
        while (cursor.MoveNext())
        {
            reader.ObserveRow(observer);
            count++;
        }

        return count;
    }
}
