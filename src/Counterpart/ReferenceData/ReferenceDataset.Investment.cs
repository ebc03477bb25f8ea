using Counterpart.Consumption;
using Counterpart.Investment;
using Counterpart.Organizations;

namespace Counterpart.ReferenceData;

public sealed partial class ReferenceDataset
{
    internal const decimal ConsumptionYuan = 2_035_120_000m;

    private readonly List<Organization> guidedLocalEntities = [];

    /// <summary>
    /// Eleven eastern enterprises landed; four of them in the co-built agricultural park. Amounts in 万元:
    /// park 5,200 + 4,300 + 3,420 + 2,500 = 15,420 (1.54亿); all eleven 54,318 (5.43亿).
    /// </summary>
    private static readonly (string East, string Local, string Industry, decimal Wan, int LandedYear, bool InPark)[] Guided =
    [
        ("广州穗农食用菌科技有限公司", "独山穗农食用菌有限公司", "食用菌", 5_200m, 2022, true),
        ("广州粤茗茶业集团有限公司", "独山粤茗茶业有限公司", "茶叶", 4_300m, 2022, true),
        ("广州华牧生态农业有限公司", "独山华牧生猪养殖有限公司", "生猪", 3_420m, 2023, true),
        ("广州黄埔预制菜产业有限公司", "独山黔味预制菜有限公司", "预制菜", 2_500m, 2024, true),
        ("广州精工轴承配件有限公司", "独山精工轴承配件有限公司", "轴承配件", 9_800m, 2021, false),
        ("广州粤芯电子元件有限公司", "独山粤芯电子有限公司", "电子元件", 7_600m, 2021, false),
        ("广州新纺服饰有限公司", "独山新纺服饰有限公司", "服装", 6_200m, 2022, false),
        ("广州桐润新材料有限公司", "独山桐润油桐科技有限公司", "油桐", 5_100m, 2022, false),
        ("广州刺梨源生物科技有限公司", "独山刺梨源食品有限公司", "刺梨", 4_300m, 2023, false),
        ("广州绿竹家居有限公司", "独山绿竹木业有限公司", "竹木", 3_398m, 2023, false),
        ("广州本草中药材有限公司", "独山本草种植有限公司", "中药材", 2_500m, 2024, false),
    ];

    private void BuildGuidedEnterprises()
    {
        var agriPark = Org(AgriParkKey);
        for (var i = 0; i < Guided.Length; i++)
        {
            var g = Guided[i];
            Enterprise($"guided-e:{i + 1}", g.East, East, EastCode);
            var site = g.InPark ? agriPark : g.Industry == "轴承配件" ? Org(BearingParkKey) : West;
            guidedLocalEntities.Add(Enterprise($"guided-w:{i + 1}", g.Local, site, WestCode, new DateOnly(g.LandedYear, 3, 1)));
        }

        Enterprise("guided-e:12", "广州云谷数据服务有限公司", East, EastCode);
    }

    private void BuildInvestment()
    {
        var agriPark = Org(AgriParkKey);
        for (var i = 0; i < Guided.Length; i++)
        {
            var g = Guided[i];
            var landed = s.DateIn(g.LandedYear, 3, 9);
            var investment = new GuidedInvestment
            {
                EastOrg = Org($"guided-e:{i + 1}"), WestOrg = guidedLocalEntities[i], Park = g.InPark ? agriPark : null, Industry = g.Industry,
                Status = InvestmentStatus.Landed, SignedOn = landed.AddMonths(-s.Between(3, 9)), LandedOn = landed,
                SignedAmount = g.Wan * 10000m * 1.2m, Owner = West,
            };
            var years = 2025 - g.LandedYear + 1;
            var parts = s.Split(g.Wan * 10000m, years, 10000m);
            for (var y = 0; y < years; y++)
            {
                investment.Inflows.Add(new InvestmentInflow { Date = y == 0 ? landed.AddDays(s.Between(10, 60)) : s.DateIn(g.LandedYear + y), Amount = parts[y] });
            }

            rows.Add(investment);
        }

        // Signed but not landed: recorded, not counted.
        rows.Add(new GuidedInvestment
        {
            EastOrg = Org("guided-e:12"), WestOrg = West, Industry = "数据服务", Status = InvestmentStatus.Agreed,
            SignedOn = new DateOnly(2025, 10, 20), SignedAmount = 30_000_000m, Owner = West,
        });
    }

    /// <summary>20.35亿 of purchases and assisted sales over five years, growing each year, with vouchers.</summary>
    private void BuildConsumption()
    {
        (string Name, string Category, int Supplier)[] products =
        [
            ("刺梨原汁", "刺梨", 0), ("刺梨果脯", "刺梨", 0), ("刺梨含片", "刺梨", 0), ("独山高寨绿茶", "茶叶", 1), ("独山红茶", "茶叶", 1),
            ("香菇干品", "食用菌", 2), ("黑木耳", "食用菌", 2), ("生态黑猪肉", "生猪", 3), ("冷鲜猪肉", "生猪", 3), ("压榨桐油", "桐油", 4),
            ("独山盐酸菜", "特色食品", 5), ("百泉大米", "粮油", 6), ("麻尾腊肉", "特色食品", 7),
        ];
        var directory = new List<Product>();
        for (var i = 0; i < products.Length; i++)
        {
            var p = new Product
            {
                Code = $"XFBF-522726-{i + 1:000}", Name = products[i].Name, Category = products[i].Category,
                Producer = westSuppliers[products[i].Supplier], CertifiedOn = s.DateIn(2021 + i % 3, 3, 11), Owner = West,
                Description = products[i].Category == "刺梨" ? "以独山刺梨鲜果加工，富含维生素C，经消费帮扶产品认定。" : null,
            };
            directory.Add(p);
            rows.Add(p);
        }

        decimal[] yearShares = [0.14m, 0.17m, 0.20m, 0.23m, 0.26m];
        var yearTotals = yearShares.Select(x => Math.Round(ConsumptionYuan * x / 10000m) * 10000m).ToArray();
        yearTotals[^1] += ConsumptionYuan - yearTotals.Sum();
        var voucher = 0;
        for (var y = 0; y < 5; y++)
        {
            var count = 380 + y * 60;
            var amounts = s.Split(yearTotals[y], count, 100m, 1.4);
            for (var k = 0; k < count; k++)
            {
                var product = s.Pick(directory);
                rows.Add(new Sale
                {
                    Product = product, WestOrg = product.Producer, EastOrg = s.Pick(eastBuyers), Kind = k % 4 == 0 ? SaleKind.HelpSell : SaleKind.Purchase,
                    Channel = (SalesChannel)(k % 7), Date = s.DateIn(2021 + y), Amount = amounts[k], VoucherNo = $"FP{2021 + y}{++voucher:000000}", Owner = West,
                });
            }
        }

        // Local sales the cooperation did not organise: recorded, not counted for the east.
        for (var k = 0; k < 30; k++)
        {
            var product = s.Pick(directory);
            rows.Add(new Sale
            {
                Product = product, WestOrg = product.Producer, BuyerName = "县内商超", Kind = SaleKind.Purchase, Channel = SalesChannel.Market,
                Date = s.DateIn(2021 + k % 5), Amount = s.Between(5, 80) * 1000m, VoucherNo = $"LOCAL{++voucher:000000}", CountsForEast = false, Owner = West,
            });
        }
    }
}
