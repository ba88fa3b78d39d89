// TorchSharp's random generator and thread count are process-wide: tests that seed it (model init,
// per-step dropout seeds) must not interleave, or "same seed, same result" checks flake.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
