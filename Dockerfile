# RelayNovel in a container. `docker build .` gives the CPU image (the last stage); the GPU image is
# `docker build --target runtime-gpu --build-arg ORT_GPU=true .` (CUDA 12 + cuDNN 9 runtime, run it with the
# NVIDIA container toolkit). docker-compose.yml does both: `docker compose up`, `docker compose --profile gpu up relaynovel-gpu`.

# The GPU stage's base; ONNX Runtime's CUDA build needs CUDA 12 and cuDNN 9.
ARG CUDA_IMAGE=nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04

# ---- build: restore (cached while only code changes), then publish; ORT_GPU picks the ONNX Runtime package.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG ORT_GPU=false
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY RelayNovel.Inference/RelayNovel.Inference.csproj RelayNovel.Inference/
COPY RelayNovel.Web/RelayNovel.Web.csproj RelayNovel.Web/
RUN dotnet restore RelayNovel.Web -p:OnnxRuntimeGpu=${ORT_GPU}
COPY RelayNovel.Inference/ RelayNovel.Inference/
COPY RelayNovel.Web/ RelayNovel.Web/
RUN dotnet publish RelayNovel.Web -c Release -o /app --no-restore -p:OnnxRuntimeGpu=${ORT_GPU}

# ---- GPU runtime: NVIDIA's CUDA/cuDNN image (Ubuntu 24.04, like aspnet:10.0) with the ASP.NET Core runtime and its
#      native dependencies.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS dotnet-runtime
FROM ${CUDA_IMAGE} AS runtime-gpu
COPY --from=dotnet-runtime /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
    && apt-get update && apt-get install -y --no-install-recommends ca-certificates curl libicu74 libssl3t64 tzdata zlib1g \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --gid 1654 app && useradd --uid 1654 --gid app --no-create-home app \
    && mkdir -p /data /models/user && chown app:app /data
WORKDIR /app
COPY --from=build /app ./
COPY onnx/ /models/default/
ENV ASPNETCORE_URLS=http://+:8080 \
    RelayNovel__DataPath=/data/relaynovel.db \
    RelayNovel__ModelPath=/models/default \
    RelayNovel__ExecutionProvider=Cuda
USER app
EXPOSE 8080
VOLUME ["/data", "/models/user"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD curl -fsS http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["dotnet", "RelayNovel.Web.dll"]

# ---- CPU runtime (the default target). The base image brings ICU and a non-root "app" user (uid 1654).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /data /models/user && chown app:app /data
WORKDIR /app
COPY --from=build /app ./
COPY onnx/ /models/default/
ENV ASPNETCORE_URLS=http://+:8080 \
    RelayNovel__DataPath=/data/relaynovel.db \
    RelayNovel__ModelPath=/models/default
USER app
EXPOSE 8080
VOLUME ["/data", "/models/user"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD curl -fsS http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["dotnet", "RelayNovel.Web.dll"]
