using System.Globalization;
using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using ModelMonitor.Projection;

namespace ModelMonitor.Benchmarks;

/// <summary>
/// Projection (issue 6): PCA of 10000 x 768 Gaussian values to 2 components (fit and transform; scikit-learn's
/// randomized PCA: 2.21 s), UMAP of the digits (1797 x 64; umap-learn seeded: 2.25 s) and of 10000 x 64 blobs
/// (umap-learn: 8.57 s), and the NN-descent kNN graph of 10000 x 768 Gaussian values with k = 15 (pynndescent:
/// 1.02 s), both by NN-descent and exactly (the blocked brute force UMAP now picks at this size). The same inputs as ../shared/bench/perf_anchors.py; the setup prints the kNN graph's recall against
/// exact neighbours (300 sampled points), which BenchmarkDotNet does not measure.
/// </summary>
[MemoryDiagnoser]
public class ProjectionBenchmarks
{
    private double[] _pcaInput = [];
    private float[] _digits = [];
    private float[] _blobs = [];
    private float[] _knnInput = [];

    [GlobalSetup(Target = nameof(Pca10000x768To2))]
    public void SetupPca() => _pcaInput = GaussianMatrix(10_000 * 768);

    [GlobalSetup(Target = nameof(UmapDigits))]
    public void SetupDigits() => _digits = LoadDigits();

    [GlobalSetup(Target = nameof(Umap10000x64))]
    public void SetupBlobs() => _blobs = Blobs(10_000, 64, 10, 0);

    [GlobalSetup(Target = nameof(KnnGraph10000x768))]
    public void SetupKnn()
    {
        _knnInput = Array.ConvertAll(GaussianMatrix(10_000 * 768), v => (float)v);
        var graph = Knn();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// kNN 10000x768 k=15 NN-descent recall vs exact (300 points): {Recall(graph, _knnInput, 10_000, 768, 15, 300):0.000}"));
    }

    [Benchmark(Baseline = true)]
    public double[] Pca10000x768To2() => Pca.Fit(_pcaInput, 768).Transform(_pcaInput);

    [Benchmark]
    public ReadOnlyMemory<float> UmapDigits() => Umap.Fit(_digits, 64).Embedding;

    [Benchmark]
    public ReadOnlyMemory<float> Umap10000x64() => Umap.Fit(_blobs, 64).Embedding;

    [Benchmark]
    public int[] KnnGraph10000x768() => Knn().Indices;

    [GlobalSetup(Target = nameof(KnnGraphExact10000x768))]
    public void SetupKnnExact()
    {
        _knnInput = Array.ConvertAll(GaussianMatrix(10_000 * 768), v => (float)v);
        var graph = NeighborGraph.Exact(_knnInput, 10_000, 768, 15);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// kNN 10000x768 k=15 exact (blocked kernel, chosen by UMAP: {ExactNeighbors.WithinBudget(10_000, 768)}) recall vs exact (300 points): {Recall(graph, _knnInput, 10_000, 768, 15, 300):0.000}"));
    }

    /// <summary>The exact graph UMAP builds for this size (within <see cref="ExactNeighbors.WorkBudget"/>).</summary>
    [Benchmark]
    public int[] KnnGraphExact10000x768() => NeighborGraph.Exact(_knnInput, 10_000, 768, 15).Indices;

    private NeighborGraph Knn() =>
        NeighborGraph.Descent(_knnInput, 10_000, 768, 15, seed: 42, trees: 15, maxCandidates: 15, iterations: 13, delta: 0.001);

    private static double Recall(NeighborGraph graph, float[] x, int n, int d, int k, int queries)
    {
        var idx = new int[k + 1];
        var dist = new float[k + 1];
        var hits = 0;
        var step = n / queries;
        for (var q = 0; q < queries; q++)
        {
            var i = q * step;
            NeighborGraph.Query(x, n, d, x.AsSpan(i * d, d), idx, dist);
            var truth = new HashSet<int>();
            foreach (var j in idx)
            {
                if (j != i && truth.Count < k)
                {
                    truth.Add(j);
                }
            }

            foreach (var j in graph.Indices.AsSpan(i * k, k))
            {
                if (truth.Contains(j))
                {
                    hits++;
                }
            }
        }

        return hits / (double)(queries * k);
    }

    /// <summary>Like scikit-learn's make_blobs: centres uniform in [-10, 10), unit standard deviation.</summary>
    private static float[] Blobs(int n, int d, int centers, int seed)
    {
        var random = new Random(seed);
        var c = new double[centers * d];
        for (var i = 0; i < c.Length; i++)
        {
            c[i] = (random.NextDouble() * 20) - 10;
        }

        var x = new float[n * d];
        for (var i = 0; i < n; i++)
        {
            var k = i % centers;
            for (var j = 0; j < d; j++)
            {
                x[(i * d) + j] = (float)(c[(k * d) + j] + Gaussian(random));
            }
        }

        return x;
    }

    private static double[] GaussianMatrix(int count)
    {
        var random = new Random(0);
        var values = new double[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Gaussian(random);
        }

        return values;
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>The digits fixture of the tests (scikit-learn's load_digits), found by walking up from the binary.</summary>
    private static float[] LoadDigits()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "tests", "ModelMonitor.Tests", "Fixtures", "digits.csv.gz")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new FileNotFoundException("tests/ModelMonitor.Tests/Fixtures/digits.csv.gz not found above " + AppContext.BaseDirectory);
        }

        using var file = File.OpenRead(Path.Combine(dir.FullName, "tests", "ModelMonitor.Tests", "Fixtures", "digits.csv.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        _ = reader.ReadLine();
        var values = new List<float>();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(',');
            for (var j = 0; j < 64; j++)
            {
                values.Add(float.Parse(parts[j], CultureInfo.InvariantCulture));
            }
        }

        return [.. values];
    }
}
