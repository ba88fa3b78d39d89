using Microsoft.ML.OnnxRuntime;

namespace RelayNovel.Inference.Generation;

/// <summary>
/// An <see cref="OrtIoBinding"/> for one run at a time over host buffers: the tensors bound for a run wrap the
/// caller's arrays (no copy) and are disposed when the run ends; a cancelled token stops the run mid-way.
/// </summary>
internal sealed class HostRunBinding(InferenceSession session) : IDisposable
{
    private readonly OrtIoBinding _binding = session.CreateIoBinding();
    private readonly RunOptions _runOptions = new();
    private readonly List<OrtValue> _perRun = [];

    /// <summary>Starts a run's bindings afresh (the previous run's are cleared).</summary>
    public void Begin()
    {
        _binding.ClearBoundInputs();
        _binding.ClearBoundOutputs();
    }

    public void BindInput<T>(string name, Memory<T> buffer, long[] shape)
        where T : unmanaged =>
        _binding.BindInput(name, Track(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer, shape)));

    /// <summary>Binds the first <c>shape[0] × shape[1]</c> values of <paramref name="buffer"/>.</summary>
    public void BindInput(string name, long[] buffer, long[] shape) => BindInput(name, buffer.AsMemory(0, (int)(shape[0] * shape[1])), shape);

    public void BindOutput(string name, Memory<float> buffer, long[] shape) =>
        _binding.BindOutput(name, Track(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer, shape)));

    /// <summary>An output ORT allocates on the host, its shape known only after the run (read it with <see cref="GetOutputValues"/>).</summary>
    public void BindAllocatedOutput(string name) => _binding.BindOutputToDevice(name, OrtMemoryInfo.DefaultInstance);

    public void Run(CancellationToken ct) => CancellableRun.Run(session, _runOptions, _binding, ct);

    public IDisposableReadOnlyCollection<OrtValue> GetOutputValues() => _binding.GetOutputValues();

    public string[] GetOutputNames() => _binding.GetOutputNames();

    /// <summary>Disposes the run's tensors (the arrays under them stay the caller's).</summary>
    public void EndRun()
    {
        foreach (var value in _perRun)
        {
            value.Dispose();
        }

        _perRun.Clear();
    }

    public void Dispose()
    {
        _binding.Dispose();
        _runOptions.Dispose();
    }

    private OrtValue Track(OrtValue value)
    {
        _perRun.Add(value);
        return value;
    }
}
