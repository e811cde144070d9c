using ModelMonitor.AspNetCore.Sample;
using ModelMonitor.DependencyInjection;
using ModelMonitor.Metrics;
using ModelMonitor.MLNet;
using OpenTelemetry.Metrics;

var builder = WebApplication.CreateBuilder(args);

// The model: one PredictionEngine per request thread is not thread-safe, so the scorer pools them.
builder.Services.AddSingleton<SentimentScorer>();

// Monitoring: one monitor set per model name, options from appsettings.json, validated at start-up.
builder.Services.AddModelMonitoring(options => options.EvaluationInterval = TimeSpan.FromSeconds(30))
    .AddModel("sentiment", builder.Configuration.GetSection("ModelMonitoring:Models:sentiment"))
    .AddCheckpoints(options => options.Directory = Path.Combine(builder.Environment.ContentRootPath, "checkpoints"))
    .AddHealthChecks("model");

// Metrics: the "ModelMonitor" meter, exported over OTLP (a collector forwards to Prometheus, Grafana, ...).
builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
    .AddMeter(ModelMonitorMeter.Name)
    .AddOtlpExporter());

var app = builder.Build();

// Score, observe, answer: observing is O(1) and allocation-free beside the model's own work.
app.MapPost("/predict", (Review review, SentimentScorer scorer, [FromKeyedServices("sentiment")] IModelMonitor monitor) =>
{
    var prediction = scorer.Predict(review.Text);
    monitor.Observe(PredictionEngineMonitoring.BinaryRecord(prediction.Probability, prediction.PredictedLabel, review.Country));
    return Results.Ok(new { positive = prediction.PredictedLabel, probability = prediction.Probability });
});

// Healthy, Degraded (a warning alert) or Unhealthy (a critical one), with the alerts' messages.
app.MapHealthChecks("/health");

// The latest published snapshot, for dashboards and debugging.
app.MapGet("/monitoring/{model}", (string model, IModelMonitorRegistry registry) =>
    registry.ModelNames.Contains(model)
        ? Results.Ok(registry.GetMonitor(model).LatestSnapshot)
        : Results.NotFound());

app.Run();
