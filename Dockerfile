# emcee as a container: a build stage with the Rust toolchain, and a small runtime stage that
# runs as a non-root user. Mount the config at /etc/emcee/emcee.toml (it is the working
# directory, so `serve` finds ./emcee.toml) and a blog at /data (the bundled data otherwise);
# pass tokens as EMCEE_* environment variables.
#
#   docker build -t emcee .
#   docker run -p 8080:8080 -e EMCEE_DISCORD_PUBLIC_KEY=… emcee

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin emcee \
 && strip target/release/emcee

FROM debian:bookworm-slim
# CA certificates for Discord's and Slack's HTTPS APIs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/emcee --create-home emcee \
 && mkdir -p /etc/emcee
COPY --from=build /src/target/release/emcee /usr/local/bin/emcee
COPY --from=build /src/data /data
USER 10001:10001
WORKDIR /etc/emcee
ENV EMCEE_SERVER_LISTEN=0.0.0.0:8080
# The state file (delivery log and RSVPs), which `serve` always opens: in the emcee user's
# home, which it may write (mount a volume there to keep it across containers).
ENV EMCEE_STATE_URL=/var/lib/emcee/emcee-state.sqlite
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/emcee"]
CMD ["serve", "--data", "/data", "--log-format", "json"]
