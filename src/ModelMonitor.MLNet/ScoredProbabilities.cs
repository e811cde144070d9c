using Microsoft.ML;
using Microsoft.ML.Data;

namespace ModelMonitor.MLNet;

/// <summary>Reads class probabilities off a scored view in row order: one place for every batch predictor.</summary>
internal static class ScoredProbabilities
{
    /// <summary>
    /// Writes each row's probabilities into <paramref name="probabilities"/>, <paramref name="classCount"/>
    /// per row: P(false), P(true) from a binary model's probability column, or a multi-class model's score vector.
    /// </summary>
    /// <returns>How many rows the view held.</returns>
    public static int Read(IDataView scored, string outputColumn, bool binary, int classCount, Span<float> probabilities)
    {
        var column = scored.Schema[outputColumn];
        using var cursor = scored.GetRowCursor([column]);
        var row = 0;
        if (binary)
        {
            var getter = cursor.GetGetter<float>(column);
            float p = 0;
            while (cursor.MoveNext())
            {
                getter(ref p);
                probabilities[2 * row] = 1 - p;
                probabilities[(2 * row) + 1] = p;
                row++;
            }
        }
        else
        {
            var getter = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> scores = default;
            while (cursor.MoveNext())
            {
                getter(ref scores);
                scores.CopyTo(probabilities.Slice(row * classCount, classCount));
                row++;
            }
        }

        return row;
    }
}
