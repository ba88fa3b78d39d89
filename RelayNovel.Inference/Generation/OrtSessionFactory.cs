using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace RelayNovel.Inference.Generation;

/// <summary>Creates the ONNX Runtime session: CUDA when chosen and available, CPU otherwise.</summary>
internal static partial class OrtSessionFactory
{
    public const string Cuda = "CUDA";
    public const string Cpu = "CPU";

    public static (InferenceSession Session, string Provider) Create(string onnxPath, ExecutionProviderPreference preference, ILogger logger, int? cpuThreads = null)
    {
        if (preference != ExecutionProviderPreference.Cpu)
        {
            var available = OrtEnv.Instance().GetAvailableProviders();
            if (available.Contains("CUDAExecutionProvider"))
            {
                try
                {
                    using var cudaOptions = BaseOptions();
                    cudaOptions.AppendExecutionProvider_CUDA(0);
                    var session = new InferenceSession(onnxPath, cudaOptions);
                    LogProvider(logger, Cuda, onnxPath);
                    return (session, Cuda);
                }
                catch (OnnxRuntimeException ex) when (!IsModelError(ex))
                {
                    if (preference == ExecutionProviderPreference.Cuda)
                    {
                        throw new ModelLoadException($"CUDA was requested, but the CUDA execution provider failed to start: {ex.Message}", ex);
                    }

                    LogCudaFallback(logger, ex.Message);
                }
            }
            else if (preference == ExecutionProviderPreference.Cuda)
            {
                throw new ModelLoadException(
                    "CUDA was requested, but this build of ONNX Runtime has no CUDA execution provider; build with -p:OnnxRuntimeGpu=true.");
            }
        }

        using var cpuOptions = BaseOptions();
        // ONNX Runtime's own default also uses every core; set it explicitly so the log and the bench say what runs.
        // Fewer threads can win on a machine shared with other busy processes (no waiting on a descheduled worker).
        var threads = cpuThreads ?? Environment.ProcessorCount;
        cpuOptions.IntraOpNumThreads = threads;
        var cpuSession = new InferenceSession(onnxPath, cpuOptions);
        LogCpu(logger, threads, onnxPath);
        return (cpuSession, Cpu);
    }

    private static SessionOptions BaseOptions() => new()
    {
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
    };

    // A broken model fails on CPU just the same; only device problems justify the fall-back.
    private static bool IsModelError(OnnxRuntimeException ex) =>
        ex.Message.Contains("INVALID_PROTOBUF", StringComparison.Ordinal) || ex.Message.Contains("INVALID_GRAPH", StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Information, Message = "ONNX Runtime runs {Model} on the {Provider} execution provider")]
    private static partial void LogProvider(ILogger logger, string provider, string model);

    [LoggerMessage(Level = LogLevel.Information, Message = "ONNX Runtime runs {Model} on the CPU execution provider with {Threads} threads")]
    private static partial void LogCpu(ILogger logger, int threads, string model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CUDA execution provider unavailable, falling back to CPU: {Reason}")]
    private static partial void LogCudaFallback(ILogger logger, string reason);
}
