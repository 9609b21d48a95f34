# For users who have Docker (see docker-compose.yml); nothing in ./gridmap depends on it.
FROM node:20-bookworm-slim AS web
WORKDIR /src
COPY libman.json ./
COPY scripts/libman-restore.mjs scripts/
COPY web/ web/
RUN node scripts/libman-restore.mjs

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/GridMap.Server/GridMap.Server.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
COPY --from=web /src/web ./web
COPY data ./data
ENV GRIDMAP_WEB=/app/web ASPNETCORE_URLS=http://0.0.0.0:5080
EXPOSE 5080
# Migrations and the demo load as the schema owner, then the service without the owner's password.
CMD ["sh", "-c", "dotnet GridMap.Server.dll demo load data/demo && exec env -u GRIDMAP_DB_OWNER dotnet GridMap.Server.dll serve"]
