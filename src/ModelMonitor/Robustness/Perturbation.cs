namespace ModelMonitor.Robustness;

/// <summary>A named, seeded, in-domain change of an input that should not change the model's answer.</summary>
/// <typeparam name="TInput">The model's input.</typeparam>
/// <param name="Name">The name reports use.</param>
/// <param name="Apply">Returns the perturbed input; draws all its randomness from the given generator, so a seed reproduces it.</param>
public sealed record Perturbation<TInput>(string Name, Func<TInput, Random, TInput> Apply);
