using Microsoft.ML.OnnxRuntime;

namespace RelayNovel.Inference.Generation;

/// <summary>One bound model run that a <see cref="CancellationToken"/> stops mid-way (a long prompt need not finish).</summary>
internal static class CancellableRun
{
    /// <summary>
    /// Runs <paramref name="binding"/>; throws <see cref="OperationCanceledException"/> when <paramref name="ct"/> stopped it.
    /// A cancellation that lands after a run has finished must not stop the next run (another request's): the flag is
    /// cleared before each run, and again only after the registration is gone (Dispose waits for a callback already
    /// running), so no late callback can set it again.
    /// </summary>
    public static void Run(InferenceSession session, RunOptions options, OrtIoBinding binding, CancellationToken ct)
    {
        options.Terminate = false;
        var registration = ct.CanBeCanceled
            ? ct.Register(static state => ((RunOptions)state!).Terminate = true, options)
            : default;
        try
        {
            session.RunWithBinding(options, binding);
        }
        catch (OnnxRuntimeException) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException(ct);
        }
        finally
        {
            registration.Dispose();
            options.Terminate = false;
        }
    }
}
