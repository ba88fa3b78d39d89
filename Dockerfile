# RelayNovel: multi-stage build. CPU by default; `--build-arg ORT_GPU=true` builds with the CUDA
# ONNX Runtime (run it on an image/host with the NVIDIA container toolkit).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG ORT_GPU=false
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY RelayNovel.Inference/ RelayNovel.Inference/
COPY RelayNovel.Web/ RelayNovel.Web/
RUN dotnet publish RelayNovel.Web -c Release -o /app -p:OnnxRuntimeGpu=${ORT_GPU}

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends libicu72 curl && rm -rf /var/lib/apt/lists/* \
    && useradd --uid 10001 --create-home relaynovel && mkdir -p /data /models && chown relaynovel /data
WORKDIR /app
COPY --from=build /app ./
COPY onnx/ /models/default/
ENV ASPNETCORE_URLS=http://+:8080 \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false \
    RelayNovel__DataPath=/data/relaynovel.db \
    RelayNovel__ModelPath=/models/default
USER relaynovel
EXPOSE 8080
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s CMD curl -fsS http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["dotnet", "RelayNovel.Web.dll"]
