namespace HugoSite.Build.Tasks.Tests.Tools
{
    /// <summary>The Hugo edition is part of the cache fingerprint, with the version.</summary>
    [TestClass]
    public sealed class PinnedHugoCacheTests
    {
        [TestMethod]
        public void OtherEdition_SameVersion_IsAMiss_ThatSaysSo()
        {
            using var site = new CacheSiteFixture { HugoEdition = "extended" };
            string extended = site.Build().Fingerprint;

            site.HugoEdition = "standard";
            var check = site.Check();
            Assert.IsFalse(check.Hit);
            Assert.AreNotEqual(extended, check.Fingerprint);
            Assert.AreEqual("Hugo version 0.111.3 extended -> 0.111.3 standard", check.MissReason);
        }
    }
}
