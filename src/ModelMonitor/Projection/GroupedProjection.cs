namespace ModelMonitor.Projection;

/// <summary>How <see cref="GroupedProjection"/> maps embeddings to the plane.</summary>
public enum ProjectionMethod
{
    /// <summary>Principal component analysis (<see cref="Pca"/>).</summary>
    Pca,

    /// <summary>UMAP (<see cref="Umap"/>), with its per-point transform for the serving vectors.</summary>
    Umap,
}

/// <summary>Options of <see cref="GroupedProjection.Project"/>. Immutable.</summary>
public sealed record GroupedProjectionOptions
{
    /// <summary>At most this many distinct groups are kept; later ones are pooled as <see cref="OverflowGroup"/>.</summary>
    public const int MaxGroups = 256;

    /// <summary>The name of the group that pools groups beyond <see cref="MaxGroups"/>.</summary>
    public const string OverflowGroup = "(other)";

    /// <summary>The projection.</summary>
    /// <value>The default value is <see cref="ProjectionMethod.Pca"/>.</value>
    public ProjectionMethod Method { get; init; } = ProjectionMethod.Pca;

    /// <summary>The UMAP options when <see cref="Method"/> is <see cref="ProjectionMethod.Umap"/> (Components is forced to 2).</summary>
    /// <value>The default value is umap-learn's defaults.</value>
    public UmapOptions Umap { get; init; } = new();

    /// <summary>A serving point is "far" when its nearest reference point is farther than this quantile of the reference points' own nearest-neighbour distances.</summary>
    /// <value>The default value is 0.95.</value>
    public double FarQuantile { get; init; } = 0.95;

    /// <summary>The seed of the PCA.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; init; }
}

/// <summary>One projected point, ready to plot.</summary>
/// <param name="Group">Its class or cohort.</param>
/// <param name="IsServing">Whether it is a serving point (otherwise a reference point).</param>
/// <param name="X">The first coordinate.</param>
/// <param name="Y">The second coordinate.</param>
public sealed record ProjectedPoint(string Group, bool IsServing, float X, float Y);

/// <summary>How one group's serving embeddings differ from its reference embeddings (distances in the original space).</summary>
/// <param name="Group">The class or cohort.</param>
/// <param name="ReferenceCount">Reference points in the group.</param>
/// <param name="ServingCount">Serving points in the group.</param>
/// <param name="CentroidShift">Euclidean distance between the group's reference and serving means; NaN when a side is empty.</param>
/// <param name="ReferenceSpread">Root mean squared distance of the group's reference points to their mean.</param>
/// <param name="ServingSpread">The same for the serving points.</param>
/// <param name="FarShare">The share of the group's serving points whose nearest reference point (of any group) is farther than the far distance of the result.</param>
/// <param name="ProjectedCentroidShift">The centroid shift in the 2-D projection.</param>
public sealed record GroupEmbeddingSummary(
    string Group, int ReferenceCount, int ServingCount, double CentroidShift, double ReferenceSpread, double ServingSpread, double FarShare, double ProjectedCentroidShift)
{
    /// <summary>Serving spread over reference spread; above 1 the group has spread out.</summary>
    public double SpreadRatio => ServingSpread / ReferenceSpread;
}

/// <summary>The projection of reference and serving embeddings and the per-group summaries. Immutable.</summary>
/// <param name="Method">The projection used.</param>
/// <param name="Points">Every reference point, then every serving point.</param>
/// <param name="Groups">One summary per group, ordinal order of the names.</param>
/// <param name="FarDistance">The nearest-reference distance above which a serving point counts as far.</param>
public sealed record GroupedProjectionResult(ProjectionMethod Method, IReadOnlyList<ProjectedPoint> Points, IReadOnlyList<GroupEmbeddingSummary> Groups, double FarDistance);

/// <summary>Projects reference and serving embeddings per class or cohort with one projector fitted on the reference, and summarises each group.</summary>
/// <remarks>Deterministic for a seed. Group names are capped at <see cref="GroupedProjectionOptions.MaxGroups"/>. Thread-safe.</remarks>
public static class GroupedProjection
{
    /// <summary>Fits the projector on <paramref name="reference"/>, projects both sides, and summarises each group.</summary>
    /// <param name="reference">Reference vectors, row-major.</param>
    /// <param name="referenceGroups">The group of each reference vector.</param>
    /// <param name="serving">Serving vectors, row-major.</param>
    /// <param name="servingGroups">The group of each serving vector.</param>
    /// <param name="dimension">The length of one vector.</param>
    /// <param name="options">The options.</param>
    /// <returns>The points and summaries.</returns>
    /// <exception cref="ArgumentException">A dimension mismatch, a NaN, group lists of the wrong length, or too few reference points for the projector.</exception>
    public static GroupedProjectionResult Project(
        ReadOnlySpan<float> reference, IReadOnlyList<string> referenceGroups, ReadOnlySpan<float> serving, IReadOnlyList<string> servingGroups, int dimension, GroupedProjectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(referenceGroups);
        ArgumentNullException.ThrowIfNull(servingGroups);
        ArgumentNullException.ThrowIfNull(options);
        var m = VectorInput.Rows(reference, dimension, nameof(reference));
        var n = VectorInput.Rows(serving, dimension, nameof(serving));
        VectorInput.ThrowIfNotFinite(reference, dimension, nameof(reference));
        VectorInput.ThrowIfNotFinite(serving, dimension, nameof(serving));
        VectorInput.ThrowIfFewerThan(2, m, nameof(reference));
        if (referenceGroups.Count != m)
        {
            throw new ArgumentException($"{referenceGroups.Count} groups for {m} reference vectors.", nameof(referenceGroups));
        }

        if (servingGroups.Count != n)
        {
            throw new ArgumentException($"{servingGroups.Count} groups for {n} serving vectors.", nameof(servingGroups));
        }

        if (!(options.FarQuantile > 0 && options.FarQuantile <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.FarQuantile, "FarQuantile must be in (0, 1].");
        }

        float[] projectedReference, projectedServing;
        if (options.Method == ProjectionMethod.Pca)
        {
            var pca = Pca.Fit(reference, dimension, new PcaOptions { Components = Math.Min(2, dimension), Seed = options.Seed });
            projectedReference = ToPlane(pca.Transform(reference), pca.Components);
            projectedServing = ToPlane(pca.Transform(serving), pca.Components);
        }
        else
        {
            var umap = Umap.Fit(reference, dimension, options.Umap with { Components = 2 });
            projectedReference = umap.Embedding.ToArray();
            projectedServing = umap.Transform(serving);
        }

        var refGroups = CapGroups(referenceGroups, out var names);
        var servGroups = CapGroups(servingGroups, names);
        var points = new List<ProjectedPoint>(m + n);
        for (var i = 0; i < m; i++)
        {
            points.Add(new ProjectedPoint(refGroups[i], false, projectedReference[2 * i], projectedReference[(2 * i) + 1]));
        }

        for (var i = 0; i < n; i++)
        {
            points.Add(new ProjectedPoint(servGroups[i], true, projectedServing[2 * i], projectedServing[(2 * i) + 1]));
        }

        var refData = reference.ToArray();
        var servData = serving.ToArray();
        var ownNearest = new float[m];
        var servingNearest = new float[n];
        Parallel.For(0, m, i => ownNearest[i] = MathF.Sqrt(NearestSquared(refData, m, dimension, refData.AsSpan(i * dimension, dimension), i)));
        Parallel.For(0, n, i => servingNearest[i] = MathF.Sqrt(NearestSquared(refData, m, dimension, servData.AsSpan(i * dimension, dimension), -1)));
        var sorted = (float[])ownNearest.Clone();
        Array.Sort(sorted);
        var far = (double)sorted[Math.Min(m - 1, (int)Math.Ceiling(options.FarQuantile * m) - 1)];

        var summaries = new List<GroupEmbeddingSummary>();
        var all = new SortedSet<string>(refGroups, StringComparer.Ordinal);
        all.UnionWith(servGroups);
        foreach (var g in all)
        {
            var (rc, rMean, rSpread, rPlane) = Stats(refData, refGroups, g, dimension, projectedReference);
            var (sc, sMean, sSpread, sPlane) = Stats(servData, servGroups, g, dimension, projectedServing);
            var farCount = 0;
            for (var i = 0; i < n; i++)
            {
                if (servGroups[i] == g && servingNearest[i] > far)
                {
                    farCount++;
                }
            }

            var shift = rc > 0 && sc > 0 ? Math.Sqrt(VectorMath.SquaredDistance(rMean, sMean)) : double.NaN;
            var planeShift = rc > 0 && sc > 0 ? Math.Sqrt(VectorMath.SquaredDistance(rPlane, sPlane)) : double.NaN;
            summaries.Add(new GroupEmbeddingSummary(g, rc, sc, shift, rSpread, sSpread, sc > 0 ? farCount / (double)sc : double.NaN, planeShift));
        }

        return new GroupedProjectionResult(options.Method, points, summaries, far);
    }

    private static float[] ToPlane(float[] coords, int components)
    {
        if (components == 2)
        {
            return coords;
        }

        var result = new float[coords.Length * 2];
        for (var i = 0; i < coords.Length; i++)
        {
            result[2 * i] = coords[i];
        }

        return result;
    }

    private static string[] CapGroups(IReadOnlyList<string> groups, out HashSet<string> names)
    {
        names = new HashSet<string>(StringComparer.Ordinal);
        return CapGroups(groups, names);
    }

    private static string[] CapGroups(IReadOnlyList<string> groups, HashSet<string> names)
    {
        var result = new string[groups.Count];
        for (var i = 0; i < groups.Count; i++)
        {
            var g = groups[i] ?? "(none)";
            if (!names.Contains(g))
            {
                if (names.Count >= GroupedProjectionOptions.MaxGroups)
                {
                    g = GroupedProjectionOptions.OverflowGroup;
                }
                else
                {
                    names.Add(g);
                }
            }

            result[i] = g;
        }

        return result;
    }

    private static float NearestSquared(float[] data, int count, int d, ReadOnlySpan<float> query, int skip)
    {
        var best = float.PositiveInfinity;
        for (var j = 0; j < count; j++)
        {
            if (j != skip)
            {
                best = Math.Min(best, VectorMath.SquaredDistance(query, data.AsSpan(j * d, d)));
            }
        }

        return best;
    }

    private static (int Count, double[] Mean, double Spread, double[] PlaneMean) Stats(float[] data, string[] groups, string group, int d, float[] plane)
    {
        var mean = new double[d];
        var planeMean = new double[2];
        var count = 0;
        for (var i = 0; i < groups.Length; i++)
        {
            if (groups[i] != group)
            {
                continue;
            }

            count++;
            for (var j = 0; j < d; j++)
            {
                mean[j] += data[(i * d) + j];
            }

            planeMean[0] += plane[2 * i];
            planeMean[1] += plane[(2 * i) + 1];
        }

        if (count == 0)
        {
            return (0, mean, double.NaN, planeMean);
        }

        for (var j = 0; j < d; j++)
        {
            mean[j] /= count;
        }

        planeMean[0] /= count;
        planeMean[1] /= count;
        double sum = 0;
        for (var i = 0; i < groups.Length; i++)
        {
            if (groups[i] != group)
            {
                continue;
            }

            for (var j = 0; j < d; j++)
            {
                var t = data[(i * d) + j] - mean[j];
                sum += t * t;
            }
        }

        return (count, mean, Math.Sqrt(sum / count), planeMean);
    }
}
