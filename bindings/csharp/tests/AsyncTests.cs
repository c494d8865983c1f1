// Tasks, cancellation and timeouts, against the emulator through a relay that can stall or slow
// down each request, and against a server that never answers.
using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LicenseSpring.Native;

namespace LicenseSpring.Tests
{
    public static class AsyncTests
    {
        private static Client RelayedClient(Relay relay)
        {
            var options = Session.Options();
            options.BaseUrl = relay.BaseUrl;
            return new Client(options);
        }

        private static Request KeyRequest(string label) =>
            new Request { Product = "demo", HardwareId = Session.NewHardwareId(label), LicenseKey = "DEMO-UNLIMITED" };

        [Test]
        public static void ActivateCheckDeactivateAsync()
        {
            using (var client = new Client(Session.Options()))
            using (var request = KeyRequest("async"))
            {
                using (License license = client.ActivateAsync(request).GetAwaiter().GetResult())
                {
                    Assert.Equal(1010L, license.Id, "Id");
                }
                using (License license = client.CheckAsync(request).GetAwaiter().GetResult())
                {
                    Assert.Equal(true, license.Active, "Active");
                }
                client.DeactivateAsync(request).GetAwaiter().GetResult();
                var e = Assert.Throws<LicenseException>(() => client.CheckAsync(request).GetAwaiter().GetResult(), "check after deactivation");
                Assert.Equal(Status.DeviceNotFound, e.Status, "a failed task carries the call's status");
                Assert.Equal("device_not_found", e.ServerCode, "and its server code, read on the call's thread");
                Task failed = client.DeactivateAsync(request);
                Assert.Throws<AggregateException>(() => failed.Wait(), "Wait wraps the exception");
                Assert.True(failed.IsFaulted && failed.Exception.InnerException is LicenseException, "the task faulted with a LicenseException");
            }
        }

        [Test]
        public static void SeveralCallsInFlightAtOnceDoNotBlockTheCaller()
        {
            using (var relay = new Relay(Session.Emulator.BaseUrl))
            using (var client = RelayedClient(relay))
            {
                relay.Delay = TimeSpan.FromSeconds(1);
                var requests = Enumerable.Range(0, 6).Select(i => KeyRequest("inflight" + i)).ToList();
                var watch = Stopwatch.StartNew();
                var tasks = requests.Select(r => client.ActivateAsync(r)).ToList();
                long started = watch.ElapsedMilliseconds;
                Assert.True(started < 500, "starting six calls does not wait for the server (" + started + " ms)");
                Assert.True(tasks.All(t => !t.IsCompleted), "none is done before the server answers");
                // The caller's thread stays free: it can count while the server waits.
                int ticks = 0;
                while (!Task.WhenAll(tasks).Wait(50)) ticks++;
                long elapsed = watch.ElapsedMilliseconds;
                Assert.True(ticks >= 10, "the caller kept running while the calls waited (" + ticks + " ticks)");
                Assert.True(elapsed >= 1000 && elapsed < 3500, "six 1 s calls overlap (" + elapsed + " ms)");
                Assert.True(tasks.All(t => t.Result.Id == 1010), "every call got its license");
                tasks.ForEach(t => t.Result.Dispose());
                requests.ForEach(r => r.Dispose());
            }
        }

        [Test]
        public static void CancellingAStalledCallEndsItPromptlyAndTheClientKeepsWorking()
        {
            using (var relay = new Relay(Session.Emulator.BaseUrl))
            using (var client = RelayedClient(relay))
            using (var request = KeyRequest("cancel"))
            using (var source = new CancellationTokenSource())
            {
                relay.Delay = Timeout.InfiniteTimeSpan;
                Task<License> task = client.ActivateAsync(request, source.Token);
                Thread.Sleep(300);
                Assert.True(!task.IsCompleted, "the call waits on the stalled server");
                var watch = Stopwatch.StartNew();
                source.Cancel();
                var e = Assert.Throws<OperationCanceledException>(() => task.GetAwaiter().GetResult(), "awaiting the cancelled task");
                Assert.True(watch.ElapsedMilliseconds < 1000, "cancelled promptly (" + watch.ElapsedMilliseconds + " ms)");
                Assert.True(task.IsCanceled, "the task is cancelled, not faulted (" + task.Status + ")");
                Assert.Equal(source.Token, e.CancellationToken, "the exception carries the token");

                relay.Delay = TimeSpan.Zero;
                using (License license = client.Activate(request))
                {
                    Assert.Equal(1010L, license.Id, "the same client works after a cancelled call");
                }
                using (var late = new CancellationTokenSource())
                {
                    using (License license = client.CheckAsync(request, late.Token).GetAwaiter().GetResult())
                    {
                        Assert.Equal(true, license.Active, "a call given a token that is never cancelled");
                    }
                    late.Cancel(); // after the call: nothing left to cancel
                }
            }
        }

        [Test]
        public static void SynchronousCallIsCancelledFromAnotherThread()
        {
            using (var relay = new Relay(Session.Emulator.BaseUrl))
            using (var client = RelayedClient(relay))
            using (var request = KeyRequest("cancel-sync"))
            using (var source = new CancellationTokenSource())
            {
                relay.Delay = Timeout.InfiniteTimeSpan;
                source.CancelAfter(300);
                var watch = Stopwatch.StartNew();
                var e = Assert.Throws<OperationCanceledException>(() => client.Deactivate(request, source.Token), "a cancelled synchronous call");
                Assert.True(watch.ElapsedMilliseconds < 1500, "it returned promptly (" + watch.ElapsedMilliseconds + " ms)");
                Assert.Equal(source.Token, e.CancellationToken, "the exception carries the token");
                var inner = e.InnerException as CancelledException;
                Assert.True(inner != null && inner.Status == Status.Cancelled, "the library's LS_ERR_CANCELLED is the inner exception");
            }
        }

        [Test]
        public static void AnAlreadyCancelledTokenSendsNothing()
        {
            using (var server = new TestServer(_ => null))
            {
                var options = Session.Options();
                options.BaseUrl = server.BaseUrl;
                using (var client = new Client(options))
                using (var request = KeyRequest("cancelled-before"))
                using (var source = new CancellationTokenSource())
                {
                    source.Cancel();
                    Task<License> task = client.CheckAsync(request, source.Token);
                    Assert.Throws<OperationCanceledException>(() => task.GetAwaiter().GetResult(), "the task");
                    Assert.True(task.IsCanceled, "cancelled");
                    Assert.Throws<OperationCanceledException>(() => client.Check(request, source.Token), "the synchronous call");
                    Thread.Sleep(100);
                    Assert.Equal(0, server.Requests.Count, "no request reached the server");
                }
            }
        }

        [Test]
        public static void DisposingTheRequestAndClientDuringACallIsSafe()
        {
            using (var relay = new Relay(Session.Emulator.BaseUrl))
            {
                Client client = RelayedClient(relay);
                Request request = KeyRequest("dispose-in-flight");
                relay.Delay = TimeSpan.FromMilliseconds(500);
                Task<License> task = client.ActivateAsync(request);
                Thread.Sleep(150);
                request.Dispose();
                client.Dispose();
                using (License license = task.GetAwaiter().GetResult())
                {
                    Assert.Equal(1010L, license.Id, "the call in flight kept its handles alive");
                }
                Assert.Throws<ObjectDisposedException>(() => client.ActivateAsync(request).GetAwaiter().GetResult(), "a new call after Dispose");
            }
        }

        [Test]
        public static void TheTotalTimeoutReachesTheCoreUnchanged()
        {
            using (var server = new TestServer(_ => null))
            {
                var options = Session.Options();
                options.BaseUrl = server.BaseUrl;
                options.TotalTimeout = TimeSpan.FromSeconds(0.3);
                using (var client = new Client(options))
                using (var request = KeyRequest("timeout"))
                {
                    var watch = Stopwatch.StartNew();
                    var e = Assert.Throws<NetworkException>(() => client.Activate(request), "a server that never answers");
                    long ms = watch.ElapsedMilliseconds;
                    Assert.Equal(Status.Timeout, e.Status, "Status");
                    Assert.True(ms >= 250 && ms < 2000, "ended by the 0.3 s timeout (" + ms + " ms)");
                    Assert.Equal(1, server.Requests.Count, "the request was sent once");
                }
            }
        }

        [Test]
        public static void InvalidTimeoutsAreRefusedByTheCore()
        {
            foreach (TimeSpan bad in new[] { TimeSpan.Zero, TimeSpan.FromSeconds(-1), TimeSpan.FromDays(2) })
            {
                var options = Session.Options();
                options.TotalTimeout = bad;
                var e = Assert.Throws<InvalidArgumentException>(() => new Client(options), "total timeout " + bad);
                Assert.True(e.Message.StartsWith("total timeout must be"), "the core's message: " + e.Message);
                options = Session.Options();
                options.ConnectTimeout = bad;
                e = Assert.Throws<InvalidArgumentException>(() => new Client(options), "connect timeout " + bad);
                Assert.True(e.Message.StartsWith("connect timeout must be"), "the core's message: " + e.Message);
            }
            var fine = Session.Options();
            fine.ConnectTimeout = TimeSpan.FromMilliseconds(1);
            fine.TotalTimeout = TimeSpan.FromDays(1);
            new Client(fine).Dispose();
        }
    }
}
