using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace HugoSite.Build.Tasks.Cache.Remote
{
    /// <summary>A coded warning: the remote cache did not help this time, the build goes on.</summary>
    internal sealed record RemoteProblem(string Code, string Message);

    internal sealed class RemoteFetchResult
    {
        /// <summary>The entry came from the remote cache and is now in the local cache.</summary>
        public bool Hit { get; set; }
        public long Bytes { get; set; }
        public double Milliseconds { get; set; }
        public RemoteProblem? Problem { get; set; }
    }

    internal sealed class RemoteUploadResult
    {
        public bool Uploaded { get; set; }
        /// <summary>Why nothing was sent, when nothing was: read-only, or already there.</summary>
        public string? Skipped { get; set; }
        public long Bytes { get; set; }
        public double Milliseconds { get; set; }
        public RemoteProblem? Problem { get; set; }
    }

    /// <summary>
    /// The local cache's remote tier. A fetch downloads the artifact into the cache's tmp folder, checks its signature
    /// when signing is on, unpacks it there checking every file against the manifest, and only then publishes it as a
    /// local entry by one rename; the local restore then verifies it again as it does every entry. An upload packs a
    /// local entry and sends it unless the server has it already. Nothing here fails a build.
    /// </summary>
    internal sealed class RemoteCache
    {
        private readonly RemoteCacheSettings _settings;

        public RemoteCache(RemoteCacheSettings settings)
        {
            _settings = settings;
        }

        public RemoteFetchResult Fetch(BuildCache cache, string fingerprint, CancellationToken cancellation)
        {
            long started = Stopwatch.GetTimestamp();
            var result = new RemoteFetchResult();
            string? download = null;
            string? unpacked = null;
            try
            {
                cache.EnsureUsable();
                unpacked = Path.Combine(cache.TmpDirectory, fingerprint + "." + FileTree.UniqueSuffix());
                download = unpacked + ".remote";
                RemoteResponse response;
                using (var client = new ArtifactClient(_settings))
                {
                    response = client.Download(fingerprint, download, cancellation);
                }

                result.Bytes = response.Bytes;
                if (response.Status == RemoteStatus.NotFound)
                {
                    return result;
                }

                if (response.Status != RemoteStatus.Ok)
                {
                    result.Problem = Describe(response, "download of entry " + fingerprint);
                    return result;
                }

                if (_settings.SignatureKey != null)
                {
                    bool signed;
                    using (FileStream body = ContentHash.OpenRead(download))
                    {
                        signed = ArtifactSignature.Matches(_settings.SignatureKey, fingerprint, _settings.Team, body, response.Tag);
                    }

                    if (!signed)
                    {
                        result.Problem = Problem(RemoteCacheCodes.BadSignature,
                            "The remote cache entry {0} is {1}; it was not used and the site is built normally. Make every build that uploads use the same HugoRemoteCacheSignatureKey and HugoRemoteCacheTeam.",
                            fingerprint, string.IsNullOrEmpty(response.Tag) ? "not signed (no x-artifact-tag)" : "signed with another key or for another team");
                        return result;
                    }
                }

                try
                {
                    using FileStream archive = ContentHash.OpenRead(download);
                    EntryArchive.Unpack(archive, unpacked, fingerprint);
                }
                catch (InvalidDataException ex)
                {
                    result.Problem = Problem(RemoteCacheCodes.InvalidEntry,
                        "The remote cache entry {0} is not a valid build cache entry ({1}); it was not used and the site is built normally. The next upload of these inputs cannot replace it: remove it from the server, or change HugoCacheKey.",
                        fingerprint, ex.Message);
                    return result;
                }

                try
                {
                    Directory.Move(unpacked, cache.EntryPath(fingerprint));
                    unpacked = null;
                }
                catch (IOException) when (cache.HasEntry(fingerprint))
                {
                    // Another build published this fingerprint meanwhile; its entry is as good as this one.
                }

                result.Hit = true;
                return result;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                result.Problem = Problem(RemoteCacheCodes.LocalCacheFailed,
                    "The remote cache entry {0} could not be stored in the local build cache at {1} ({2}); the site is built normally. Check free space and write access to HugoCacheDir.",
                    fingerprint, cache.Root, ex.Message);
                return result;
            }
            finally
            {
                Cleanup(download, unpacked);
                result.Milliseconds = PhaseClock.Since(started);
            }
        }

        public RemoteUploadResult Upload(BuildCache cache, string fingerprint, CancellationToken cancellation)
        {
            long started = Stopwatch.GetTimestamp();
            var result = new RemoteUploadResult();
            if (_settings.ReadOnly)
            {
                result.Skipped = "read-only (HugoRemoteCacheReadOnly=true)";
                return result;
            }

            string? archive = null;
            try
            {
                using var client = new ArtifactClient(_settings);
                RemoteResponse exists = client.Exists(fingerprint, cancellation);
                if (exists.Status == RemoteStatus.Ok)
                {
                    result.Skipped = "the remote cache has it already";
                    return result;
                }

                if (exists.Status != RemoteStatus.NotFound)
                {
                    result.Problem = Describe(exists, "upload of entry " + fingerprint);
                    return result;
                }

                cache.EnsureUsable();
                archive = Path.Combine(cache.TmpDirectory, fingerprint + "." + FileTree.UniqueSuffix() + ".upload");
                string? tag;
                using (var stream = new FileStream(archive, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920))
                {
                    EntryArchive.Pack(cache.EntryPath(fingerprint), stream);
                    stream.Position = 0;
                    tag = _settings.SignatureKey == null ? null : ArtifactSignature.Tag(_settings.SignatureKey, fingerprint, _settings.Team, stream);
                }

                RemoteResponse put = client.Upload(fingerprint, archive, tag, cancellation);
                if (put.Status != RemoteStatus.Ok)
                {
                    result.Problem = Describe(put, "upload of entry " + fingerprint);
                    return result;
                }

                result.Uploaded = true;
                result.Bytes = put.Bytes;
                return result;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is InvalidDataException)
            {
                result.Problem = Problem(RemoteCacheCodes.LocalCacheFailed,
                    "The local build cache entry {0} could not be packed for the remote cache ({1}); nothing was uploaded, the site is fine. Check free space and write access to HugoCacheDir.",
                    fingerprint, ex.Message);
                return result;
            }
            finally
            {
                Cleanup(archive, null);
                result.Milliseconds = PhaseClock.Since(started);
            }
        }

        /// <summary>The warning for an exchange that went wrong; names the server, never the token.</summary>
        internal RemoteProblem Describe(RemoteResponse response, string what)
        {
            string server = _settings.BaseUrl.GetLeftPart(UriPartial.Authority);
            switch (response.Status)
            {
                case RemoteStatus.Unreachable:
                    return Problem(RemoteCacheCodes.Unreachable, "The remote build cache at {1} could not be reached for the {0} ({2}); the build goes on without it. Check HugoRemoteCacheUrl and that the server is running.", what, server, response.Detail);
                case RemoteStatus.TimedOut:
                    return Problem(RemoteCacheCodes.TimedOut, "The remote build cache at {1} gave no complete answer for the {0} ({2}); the build goes on without it. Raise HugoRemoteCacheTimeoutSeconds if the server is slow but working.", what, server, response.Detail);
                case RemoteStatus.Refused:
                    return Problem(RemoteCacheCodes.Unauthorized, "The remote build cache at {1} refused the token for the {0} ({2}); the build goes on without it. Set HugoRemoteCacheToken or TURBO_TOKEN to a token the server accepts (with write access for uploads), and HugoRemoteCacheTeam to a team it may use.", what, server, response.Detail);
                case RemoteStatus.TooLarge:
                    return Problem(RemoteCacheCodes.UploadTooLarge, "The remote build cache at {1} refused the {0} as too large ({2}); the site is fine. Raise the server's body limit (BODY_LIMIT for turborepo-remote-cache) or its storage quota.", what, server, response.Detail);
                case RemoteStatus.ServerError:
                    return Problem(RemoteCacheCodes.ServerError, "The remote build cache at {1} failed the {0} after retries ({2}); the build goes on without it. Check the server's log and storage.", what, server, response.Detail);
                default:
                    return Problem(RemoteCacheCodes.UnexpectedStatus, "The remote build cache at {1} answered the {0} unexpectedly ({2}); the build goes on without it. Check that HugoRemoteCacheUrl points at a Turborepo remote cache (the server's base URL, without /v8) and that HugoRemoteCacheTeam is set if the server requires one.", what, server, response.Detail);
            }
        }

        private static RemoteProblem Problem(string code, string format, params object[] args) =>
            new RemoteProblem(code, string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));

        /// <summary>Removes what a fetch or an upload left in tmp (a file, a folder); what cannot go now stays.</summary>
        private static void Cleanup(string? file, string? folder)
        {
            if (file != null)
            {
                Output.OutputPublisher.TryDeleteFile(file);
            }

            if (folder != null)
            {
                FileTree.TryDelete(folder);
            }
        }
    }
}
