from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import regex
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from newscrawler.extraction.datelines import (
    Dateline,
    dateline_paragraph,
    resolve_date,
    site_credit,
    split_dateline,
)

KST = timezone(timedelta(hours=9))
EST = timezone(timedelta(hours=-5))
TST = timezone(timedelta(hours=8))  # Taipei

DATELINES = [
    (
        "SEOUL, Oct. 23 (Yonhap) -- Chinese President Xi Jinping has ...",
        Dateline("SEOUL, Oct. 23 (Yonhap) --", "SEOUL", "Oct. 23", "Yonhap"),
        "Chinese President Xi Jinping has ...",
    ),
    (
        "LA CROSSE, Wis. (AP) — A man ...",
        Dateline("LA CROSSE, Wis. (AP) —", "LA CROSSE, Wis.", None, "AP"),
        "A man ...",
    ),
    (
        "KATHMANDU, April 25 (Reuters) - A powerful quake ...",
        Dateline("KATHMANDU, April 25 (Reuters) -", "KATHMANDU", "April 25", "Reuters"),
        "A powerful quake ...",
    ),
    (
        "WASHINGTON, Dec 14 (Reuters) - The Fed ...",
        Dateline("WASHINGTON, Dec 14 (Reuters) -", "WASHINGTON", "Dec 14", "Reuters"),
        "The Fed ...",
    ),
    (
        "BEIJING, Jan. 2 (Xinhua) -- China's ...",
        Dateline("BEIJING, Jan. 2 (Xinhua) --", "BEIJING", "Jan. 2", "Xinhua"),
        "China's ...",
    ),
    (
        "TOKYO (Kyodo) -- Japan's ...",
        Dateline("TOKYO (Kyodo) --", "TOKYO", None, "Kyodo"),
        "Japan's ...",
    ),
    (
        "PARIS (AFP) - France ...",
        Dateline("PARIS (AFP) -", "PARIS", None, "AFP"),
        "France ...",
    ),
    (
        "WASHINGTON, Dec. 30 (UPI) -- The ...",
        Dateline("WASHINGTON, Dec. 30 (UPI) --", "WASHINGTON", "Dec. 30", "UPI"),
        "The ...",
    ),
    (
        "NEW YORK (AP) — Stocks ...",
        Dateline("NEW YORK (AP) —", "NEW YORK", None, "AP"),
        "Stocks ...",
    ),
    (
        "UNITED NATIONS, March 3 (Yonhap) -- The U.N. ...",
        Dateline("UNITED NATIONS, March 3 (Yonhap) --", "UNITED NATIONS", "March 3", "Yonhap"),
        "The U.N. ...",
    ),
    (
        "ST. LOUIS (AP) — A jury ...",
        Dateline("ST. LOUIS (AP) —", "ST. LOUIS", None, "AP"),
        "A jury ...",
    ),
    (
        "MEXICO CITY (AP) — Mexico's ...",
        Dateline("MEXICO CITY (AP) —", "MEXICO CITY", None, "AP"),
        "Mexico's ...",
    ),
    (
        "CIUDAD JUAREZ, Mexico (AP) — Migrants ...",
        Dateline("CIUDAD JUAREZ, Mexico (AP) —", "CIUDAD JUAREZ, Mexico", None, "AP"),
        "Migrants ...",
    ),
    (
        "WASHINGTON, D.C., Sept. 5 (Yonhap) -- South Korea ...",
        Dateline("WASHINGTON, D.C., Sept. 5 (Yonhap) --", "WASHINGTON, D.C.", "Sept. 5", "Yonhap"),
        "South Korea ...",
    ),
    (
        "SÃO PAULO (Reuters) - Brazil's ...",
        Dateline("SÃO PAULO (Reuters) -", "SÃO PAULO", None, "Reuters"),
        "Brazil's ...",
    ),
    (
        "DÜSSELDORF, Germany (AP) — Police ...",
        Dateline("DÜSSELDORF, Germany (AP) —", "DÜSSELDORF, Germany", None, "AP"),
        "Police ...",
    ),
    (
        "SEOUL/WASHINGTON, May 21 (Yonhap) -- The leaders ...",
        Dateline("SEOUL/WASHINGTON, May 21 (Yonhap) --", "SEOUL/WASHINGTON", "May 21", "Yonhap"),
        "The leaders ...",
    ),
    (
        "PANMUNJOM, Korea -- The two Koreas ...",
        Dateline("PANMUNJOM, Korea --", "PANMUNJOM, Korea", None, None),
        "The two Koreas ...",
    ),
    (
        "SEOUL, Oct. 23 -- Officials ...",
        Dateline("SEOUL, Oct. 23 --", "SEOUL", "Oct. 23", None),
        "Officials ...",
    ),
    (
        "(Reuters) - Apple Inc said ...",
        Dateline("(Reuters) -", None, None, "Reuters"),
        "Apple Inc said ...",
    ),
    (
        "(Reuters) - SEOUL, Oct. 23 said the ministry ...",  # no place after the agency
        Dateline("(Reuters) -", None, None, "Reuters"),
        "SEOUL, Oct. 23 said the ministry ...",
    ),
    (
        "(Reuters Breakingviews) - Apple's ...",
        Dateline("(Reuters Breakingviews) -", None, None, "Reuters Breakingviews"),
        "Apple's ...",
    ),
    (
        "GAZA CITY, Gaza Strip (AP) — Israeli ...",
        Dateline("GAZA CITY, Gaza Strip (AP) —", "GAZA CITY, Gaza Strip", None, "AP"),
        "Israeli ...",
    ),
    (
        "KINSHASA, Democratic Republic of Congo (AP) — Rebels ...",
        Dateline(
            "KINSHASA, Democratic Republic of Congo (AP) —",
            "KINSHASA, Democratic Republic of Congo",
            None,
            "AP",
        ),
        "Rebels ...",
    ),
    (
        "NEW YORK, N.Y. (AP) – Shares ...",
        Dateline("NEW YORK, N.Y. (AP) –", "NEW YORK, N.Y.", None, "AP"),
        "Shares ...",
    ),
    (
        "McALLEN, Texas (AP) — Border ...",
        Dateline("McALLEN, Texas (AP) —", "McALLEN, Texas", None, "AP"),
        "Border ...",
    ),
    (
        "ISTANBUL (AA) - Türkiye ...",
        Dateline("ISTANBUL (AA) -", "ISTANBUL", None, "AA"),
        "Türkiye ...",
    ),
    (
        "İSTANBUL, 23 (AA) - x",  # a bare number is not a date: no dateline
        None,
        "İSTANBUL, 23 (AA) - x",
    ),
    (
        "BERLIN (dpa) - Germany's ...",
        Dateline("BERLIN (dpa) -", "BERLIN", None, "dpa"),
        "Germany's ...",
    ),
    (
        "KUALA LUMPUR, Feb. 29 (Bernama) -- Malaysia ...",
        Dateline("KUALA LUMPUR, Feb. 29 (Bernama) --", "KUALA LUMPUR", "Feb. 29", "Bernama"),
        "Malaysia ...",
    ),
    (
        "PYONGYANG, September 9 (KCNA) -- The DPRK ...",
        Dateline("PYONGYANG, September 9 (KCNA) --", "PYONGYANG", "September 9", "KCNA"),
        "The DPRK ...",
    ),
    (
        "  SEOUL, Oct. 23 (Yonhap)--Leading space and no space around the dash.",
        Dateline("SEOUL, Oct. 23 (Yonhap)--", "SEOUL", "Oct. 23", "Yonhap"),
        "Leading space and no space around the dash.",
    ),
    (
        "SEOUL, Oct. 23 (Yonhap) --",
        Dateline("SEOUL, Oct. 23 (Yonhap) --", "SEOUL", "Oct. 23", "Yonhap"),
        "",
    ),
    # -- without an agency: a place the gazetteer knows, set off by a long dash or a colon
    (
        "MADRID — Rafael Nadal kept Spain's hopes alive ...",
        Dateline("MADRID —", "MADRID", None, None),
        "Rafael Nadal kept Spain's hopes alive ...",
    ),
    (
        "BERLIN -- The European Space Agency says ...",
        Dateline("BERLIN --", "BERLIN", None, None),
        "The European Space Agency says ...",
    ),
    (
        "WASHINGTON – Two federal prison officers were charged ...",
        Dateline("WASHINGTON –", "WASHINGTON", None, None),
        "Two federal prison officers were charged ...",
    ),
    (
        "SEOUL -- The city said ...",  # an agency-less Yonhap dateline; no longer refused
        Dateline("SEOUL --", "SEOUL", None, None),
        "The city said ...",
    ),
    (
        "NEW DELHI: Their American dream shattered ...",
        Dateline("NEW DELHI:", "NEW DELHI", None, None),
        "Their American dream shattered ...",
    ),
    (
        "UNITED NATIONS: The Security Council ...",
        Dateline("UNITED NATIONS:", "UNITED NATIONS", None, None),
        "The Security Council ...",
    ),
    (
        "PARIS/LONDON — European leaders ...",
        Dateline("PARIS/LONDON —", "PARIS/LONDON", None, None),
        "European leaders ...",
    ),
    (
        "SÃO PAULO — Brazil's ...",
        Dateline("SÃO PAULO —", "SÃO PAULO", None, None),
        "Brazil's ...",
    ),
    (
        "ST. LOUIS — A jury ...",
        Dateline("ST. LOUIS —", "ST. LOUIS", None, None),
        "A jury ...",
    ),
    (
        'KYIV — "We will hold," ...',
        Dateline("KYIV —", "KYIV", None, None),
        '"We will hold," ...',
    ),
    # a place and a region, or a date
    (
        "LOS ANGELES, Calif. — The city ...",
        Dateline("LOS ANGELES, Calif. —", "LOS ANGELES, Calif.", None, None),
        "The city ...",
    ),
    (
        "BUFFALO, N.Y. — Hours before ...",
        Dateline("BUFFALO, N.Y. —", "BUFFALO, N.Y.", None, None),
        "Hours before ...",
    ),
    (
        "ULAANBAATAR, June 20 -- Mongolia's president ...",
        Dateline("ULAANBAATAR, June 20 --", "ULAANBAATAR", "June 20", None),
        "Mongolia's president ...",
    ),
    (
        "ULAANBAATAR, June 20 Mongolia's president ...",  # no separator at all
        Dateline("ULAANBAATAR, June 20", "ULAANBAATAR", "June 20", None),
        "Mongolia's president ...",
    ),
    (
        "WASHINGTON, Dec 14 - The Fed raised ...",
        Dateline("WASHINGTON, Dec 14 -", "WASHINGTON", "Dec 14", None),
        "The Fed raised ...",
    ),
    # a place in title case: only one the gazetteer knows, and a long dash
    (
        "Indianapolis – Several thousand teachers ...",
        Dateline("Indianapolis –", "Indianapolis", None, None),
        "Several thousand teachers ...",
    ),
    (
        "Dekalb, Ill. — Mike Glass threw ...",
        Dateline("Dekalb, Ill. —", "Dekalb, Ill.", None, None),
        "Mike Glass threw ...",
    ),
    # dates in other orders and with a year; agencies between slashes
    (
        "PARIS, June 20, 2023 (AFP) - France ...",
        Dateline("PARIS, June 20, 2023 (AFP) -", "PARIS", "June 20, 2023", "AFP"),
        "France ...",
    ),
    (
        "MADRID, 20 June (EFE) - Spain ...",
        Dateline("MADRID, 20 June (EFE) -", "MADRID", "20 June", "EFE"),
        "Spain ...",
    ),
    (
        "MOSCOW, June 20. /TASS/. Russia's foreign ministry ...",
        Dateline("MOSCOW, June 20. /TASS/.", "MOSCOW", "June 20", "TASS"),
        "Russia's foreign ministry ...",
    ),
    # the agencies that print the place in title case and the date in their own language
    (
        "Paris (AFP) - La France ...",
        Dateline("Paris (AFP) -", "Paris", None, "AFP"),
        "La France ...",
    ),
    (
        "Berlin (dpa) - Die Bundesregierung ...",
        Dateline("Berlin (dpa) -", "Berlin", None, "dpa"),
        "Die Bundesregierung ...",
    ),
    (
        "Madrid, 20 jun (EFE).- El Gobierno ...",
        Dateline("Madrid, 20 jun (EFE).-", "Madrid", "20 jun", "EFE"),
        "El Gobierno ...",
    ),
    (
        "PARIS, 20 juin (AFP) - La France ...",
        Dateline("PARIS, 20 juin (AFP) -", "PARIS", "20 juin", "AFP"),
        "La France ...",
    ),
    (
        "ROMA, 20 GIU - Il governo ...",
        Dateline("ROMA, 20 GIU -", "ROMA", "20 GIU", None),
        "Il governo ...",
    ),
    (
        "ANKARA, 20 Haziran (AA) - Türkiye ...",
        Dateline("ANKARA, 20 Haziran (AA) -", "ANKARA", "20 Haziran", "AA"),
        "Türkiye ...",
    ),
    # Reuters BRIEFs: a date and no place
    (
        "Jan 25 (Reuters) - Central Pacific Financial Corp:",
        Dateline("Jan 25 (Reuters) -", None, "Jan 25", "Reuters"),
        "Central Pacific Financial Corp:",
    ),
    (
        "Jan 25 Central Pacific Financial Corp :",
        Dateline("Jan 25", None, "Jan 25", None),
        "Central Pacific Financial Corp :",
    ),
    (
        "Sept 5 Nvidia Corp :\n* Nvidia says ...",
        Dateline("Sept 5", None, "Sept 5", None),
        "Nvidia Corp :\n* Nvidia says ...",
    ),
    # press releases: a wire service's name, a postal code, a country after a colon
    (
        "NEW YORK, Nov. 19, 2019 /PRNewswire/ -- Acme Corp today announced ...",
        Dateline(
            "NEW YORK, Nov. 19, 2019 /PRNewswire/ --", "NEW YORK", "Nov. 19, 2019", "PRNewswire"
        ),
        "Acme Corp today announced ...",
    ),
    (
        "SAN FRANCISCO--(BUSINESS WIRE)--Acme Corp today announced ...",
        Dateline("SAN FRANCISCO--(BUSINESS WIRE)--", "SAN FRANCISCO", None, "BUSINESS WIRE"),
        "Acme Corp today announced ...",
    ),
    (
        "New York, NY – With content engagement migrating ...",
        Dateline("New York, NY –", "New York, NY", None, None),
        "With content engagement migrating ...",
    ),
    (
        "Washington, DC, United States: Getting to the Moon ...",
        Dateline("Washington, DC, United States:", "Washington, DC, United States", None, None),
        "Getting to the Moon ...",
    ),
    (
        "WASHINGTON (AP) _ The Senate ...",  # AP's dash in ASCII copy
        Dateline("WASHINGTON (AP) _", "WASHINGTON", None, "AP"),
        "The Senate ...",
    ),
    # more agencies' forms: the agency first (ANSA), a colon after the agency (ANI, NTB),
    # a country in brackets (ANI), ordinal days (WAM), the agency named after the date (SPA),
    # a place's country in capitals
    (
        "(ANSA) - ROMA, 20 GIU - Il governo ha ...",
        Dateline("(ANSA) - ROMA, 20 GIU -", "ROMA", "20 GIU", "ANSA"),
        "Il governo ha ...",
    ),
    (
        "(ANSA) - ROME, OCT 23 - Italy's government ...",
        Dateline("(ANSA) - ROME, OCT 23 -", "ROME", "OCT 23", "ANSA"),
        "Italy's government ...",
    ),
    (
        "New Delhi [India], Jan 5 (ANI): The government ...",
        Dateline("New Delhi [India], Jan 5 (ANI):", "New Delhi [India]", "Jan 5", "ANI"),
        "The government ...",
    ),
    (
        "Oslo (NTB): Regjeringen vil ...",
        Dateline("Oslo (NTB):", "Oslo", None, "NTB"),
        "Regjeringen vil ...",
    ),
    (
        "New Delhi, Jan 5 (IANS) The government ...",
        Dateline("New Delhi, Jan 5 (IANS)", "New Delhi", "Jan 5", "IANS"),
        "The government ...",
    ),
    (
        "ABU DHABI, 5th January, 2024 (WAM) -- The UAE ...",
        Dateline("ABU DHABI, 5th January, 2024 (WAM) --", "ABU DHABI", "5th January, 2024", "WAM"),
        "The UAE ...",
    ),
    (
        "RIYADH, Jan 5, 2024, SPA -- Saudi Arabia ...",
        Dateline("RIYADH, Jan 5, 2024, SPA --", "RIYADH", "Jan 5, 2024", "SPA"),
        "Saudi Arabia ...",
    ),
    (
        "Tehran, IRNA – Iran's foreign ministry ...",
        Dateline("Tehran, IRNA –", "Tehran", None, "IRNA"),
        "Iran's foreign ministry ...",
    ),
    (
        "PARIS, FRANCE — The government ...",
        Dateline("PARIS, FRANCE —", "PARIS, FRANCE", None, None),
        "The government ...",
    ),
    (
        "BAAR, SWITZERLAND, Nov. 19, 2019 /PRNewswire/ -- Ascom ...",
        Dateline(
            "BAAR, SWITZERLAND, Nov. 19, 2019 /PRNewswire/ --",
            "BAAR, SWITZERLAND",
            "Nov. 19, 2019",
            "PRNewswire",
        ),
        "Ascom ...",
    ),
    # CNN's form: the agency in parentheses ends the dateline, the copy starts right after
    (
        "(CNN)President Joe Biden said ...",
        Dateline("(CNN)", None, None, "CNN"),
        "President Joe Biden said ...",
    ),
    (
        "LONDON (CNN)The British government ...",
        Dateline("LONDON (CNN)", "LONDON", None, "CNN"),
        "The British government ...",
    ),
    (
        "Hong Kong (CNN Business)A muddled view of US-China trade talks ...",
        Dateline("Hong Kong (CNN Business)", "Hong Kong", None, "CNN Business"),
        "A muddled view of US-China trade talks ...",
    ),
    (
        "Hong Kong (CNN Business) A muddled view ...",
        Dateline("Hong Kong (CNN Business)", "Hong Kong", None, "CNN Business"),
        "A muddled view ...",
    ),
    (
        "Washington (CNN) — The House voted ...",
        Dateline("Washington (CNN) —", "Washington", None, "CNN"),
        "The House voted ...",
    ),
    (
        'Davos, Switzerland (CNN)"We are at a turning point," ...',  # Davos: < 15,000 people
        Dateline("Davos, Switzerland (CNN)", "Davos, Switzerland", None, "CNN"),
        '"We are at a turning point," ...',
    ),
    (
        "SEOUL (Yonhap)North Korea fired ...",
        Dateline("SEOUL (Yonhap)", "SEOUL", None, "Yonhap"),
        "North Korea fired ...",
    ),
    # a bare place the gazetteer does not list, in capitals, set off by a long dash
    (
        "DAVOS — World leaders gathered ...",
        Dateline("DAVOS —", "DAVOS", None, None),
        "World leaders gathered ...",
    ),
    (
        "PANMUNJOM – The two Koreas ...",
        Dateline("PANMUNJOM –", "PANMUNJOM", None, None),
        "The two Koreas ...",
    ),
    (
        "GUANTANAMO BAY — A military judge ...",
        Dateline("GUANTANAMO BAY —", "GUANTANAMO BAY", None, None),
        "A military judge ...",
    ),
    (
        "KHAN YOUNIS -- Palestinians ...",
        Dateline("KHAN YOUNIS --", "KHAN YOUNIS", None, None),
        "Palestinians ...",
    ),
    (
        "SHARM EL-SHEIKH — Delegates ...",
        Dateline("SHARM EL-SHEIKH —", "SHARM EL-SHEIKH", None, None),
        "Delegates ...",
    ),
    # a city's name that is a word, in the dateline's own print form
    (
        "MOBILE — The city council ...",
        Dateline("MOBILE —", "MOBILE", None, None),
        "The city council ...",
    ),
    (
        "MOBILE, Ala. (AP) — A man ...",
        Dateline("MOBILE, Ala. (AP) —", "MOBILE, Ala.", None, "AP"),
        "A man ...",
    ),
    (
        "Mobile, Ala. — A man ...",
        Dateline("Mobile, Ala. —", "Mobile, Ala.", None, None),
        "A man ...",
    ),
    # Korean: place=agency in brackets, the reporters and their title, "="
    (
        "(서울=연합뉴스) 홍길동 기자 = 북한이 18일 동해상으로 ...",
        Dateline("(서울=연합뉴스) 홍길동 기자 =", "서울", None, "연합뉴스", ("홍길동",)),
        "북한이 18일 동해상으로 ...",
    ),
    (
        "(워싱턴=연합뉴스) 김경희 특파원 = 미국 국무부는 ...",
        Dateline("(워싱턴=연합뉴스) 김경희 특파원 =", "워싱턴", None, "연합뉴스", ("김경희",)),
        "미국 국무부는 ...",
    ),
    (
        "(파리·런던=연합뉴스) 김용래 성혜미 특파원 = 영국 정부는 ...",
        Dateline(
            "(파리·런던=연합뉴스) 김용래 성혜미 특파원 =",
            "파리·런던",
            None,
            "연합뉴스",
            ("김용래", "성혜미"),
        ),
        "영국 정부는 ...",
    ),
    (
        "(서울=연합뉴스) 홍길동 기자 이재영 선임기자 = 정부는 ...",
        Dateline(
            "(서울=연합뉴스) 홍길동 기자 이재영 선임기자 =",
            "서울",
            None,
            "연합뉴스",
            ("홍길동", "이재영"),
        ),
        "정부는 ...",
    ),
    (
        "[세종=뉴시스] 김아무개·이아무개 기자 = 기획재정부는 ...",
        Dateline(
            "[세종=뉴시스] 김아무개·이아무개 기자 =",
            "세종",
            None,
            "뉴시스",
            ("김아무개", "이아무개"),
        ),
        "기획재정부는 ...",
    ),
    (
        "(서울=연합뉴스) 홍길동기자 = 정부는 ...",  # no space before the title
        Dateline("(서울=연합뉴스) 홍길동기자 =", "서울", None, "연합뉴스", ("홍길동",)),
        "정부는 ...",
    ),
    (
        "(서울=연합뉴스) 홍길동 이재영선임기자 = 정부는 ...",
        Dateline(
            "(서울=연합뉴스) 홍길동 이재영선임기자 =",
            "서울",
            None,
            "연합뉴스",
            ("홍길동", "이재영"),
        ),
        "정부는 ...",
    ),
    (
        "(서울=연합뉴스) 전국종합 = 전국에 비가 ...",  # a desk's round-up: no reporter named
        Dateline("(서울=연합뉴스) 전국종합 =", "서울", None, "연합뉴스"),
        "전국에 비가 ...",
    ),
    (
        "(부산=한겨레) 김아무개 기자 = 부산시는 ...",  # an agency not listed, credited as such
        Dateline("(부산=한겨레) 김아무개 기자 =", "부산", None, "한겨레", ("김아무개",)),
        "부산시는 ...",
    ),
    # Japanese: Kyodo's and Jiji's place and agency run together, a correspondent after "="
    (
        "【東京共同】政府は5日、...",
        Dateline("【東京共同】", "東京", None, "共同"),
        "政府は5日、...",
    ),
    (
        "【ワシントン時事】米政府は ...",
        Dateline("【ワシントン時事】", "ワシントン", None, "時事"),
        "米政府は ...",
    ),
    (
        "【ワシントン=赤木俊介】米政府は ...",
        Dateline("【ワシントン=赤木俊介】", "ワシントン", None, None, ("赤木俊介",)),
        "米政府は ...",
    ),
    (
        "【ソウル＝聯合】韓国政府は ...",
        Dateline("【ソウル＝聯合】", "ソウル", None, "聯合"),
        "韓国政府は ...",
    ),
    # Chinese: agency, place, month and day, "电", the reporters in brackets
    (
        "新华社北京1月5日电（记者 张三、李四）国务院总理 ...",
        Dateline(
            "新华社北京1月5日电（记者 张三、李四）", "北京", "1月5日", "新华社", ("张三", "李四")
        ),
        "国务院总理 ...",
    ),
    (
        "新华社华盛顿1月4日电 （记者徐剑梅 邓仙来）美国 ...",
        Dateline(
            "新华社华盛顿1月4日电 （记者徐剑梅 邓仙来）",
            "华盛顿",
            "1月4日",
            "新华社",
            ("徐剑梅", "邓仙来"),
        ),
        "美国 ...",
    ),
    (
        "中新社北京1月5日电 中国 ...",
        Dateline("中新社北京1月5日电", "北京", "1月5日", "中新社"),
        "中国 ...",
    ),
    (
        "中新网1月5日电 据报道 ...",  # no place
        Dateline("中新网1月5日电", None, "1月5日", "中新网"),
        "据报道 ...",
    ),
    (
        "本报北京1月5日电（记者 王某 通讯员 李某）...",  # the paper's own: no agency
        Dateline(
            "本报北京1月5日电（记者 王某 通讯员 李某）", "北京", "1月5日", None, ("王某", "李某")
        ),
        "...",
    ),
    # Taiwan's CNA: the reporters' names and the place run together, the place the longest
    # GeoNames names in Chinese characters that leaves a name; the day alone
    (
        "（中央社記者張三台北5日電）行政院今天 ...",
        Dateline("（中央社記者張三台北5日電）", "台北", "5日", "中央社", ("張三",)),
        "行政院今天 ...",
    ),
    (
        "（中央社記者蘇思云、葉素萍台北5日電）總統 ...",
        Dateline(
            "（中央社記者蘇思云、葉素萍台北5日電）", "台北", "5日", "中央社", ("蘇思云", "葉素萍")
        ),
        "總統 ...",
    ),
    (
        "（中央社記者林克倫華盛頓4日專電）美國 ...",  # a special dispatch
        Dateline("（中央社記者林克倫華盛頓4日專電）", "華盛頓", "4日", "中央社", ("林克倫",)),
        "美國 ...",
    ),
    (
        "（中央社記者歐陽明新竹5日電）科學園區 ...",  # a surname of two characters
        Dateline("（中央社記者歐陽明新竹5日電）", "新竹", "5日", "中央社", ("歐陽明",)),
        "科學園區 ...",
    ),
    (
        "（中央社記者王大明某鎮5日電）...",  # a place GeoNames does not name: a name of three
        Dateline("（中央社記者王大明某鎮5日電）", "某鎮", "5日", "中央社", ("王大明",)),
        "...",
    ),
    (
        "（中央社台北5日電）行政院 ...",  # no reporter
        Dateline("（中央社台北5日電）", "台北", "5日", "中央社"),
        "行政院 ...",
    ),
    (
        "（中央社紐約5日綜合外電報導）美股 ...",  # foreign wires compiled
        Dateline("（中央社紐約5日綜合外電報導）", "紐約", "5日", "中央社"),
        "美股 ...",
    ),
    (
        "（中央社駐華盛頓特派員江今葉4日專電）美國 ...",  # a correspondent at a post
        Dateline("（中央社駐華盛頓特派員江今葉4日專電）", "華盛頓", "4日", "中央社", ("江今葉",)),
        "美國 ...",
    ),
    # a short dash glued to the copy's first word
    (
        "LAGOS (Reuters) -Nigeria's central bank held rates ...",
        Dateline("LAGOS (Reuters) -", "LAGOS", None, "Reuters"),
        "Nigeria's central bank held rates ...",
    ),
    (
        'KANO, Nigeria, Jan 5 (Reuters) -"We are ready," the governor said.',
        Dateline("KANO, Nigeria, Jan 5 (Reuters) -", "KANO, Nigeria", "Jan 5", "Reuters"),
        '"We are ready," the governor said.',
    ),
    # a title-case place GeoNames does not list, before a known agency and a separator
    (
        "Bad Homburg (dpa) - Der Gesundheitskonzern Fresenius ...",
        Dateline("Bad Homburg (dpa) -", "Bad Homburg", None, "dpa"),
        "Der Gesundheitskonzern Fresenius ...",
    ),
    (
        "Washington DC [US], Jan 5 (ANI): The US State Department ...",
        Dateline("Washington DC [US], Jan 5 (ANI):", "Washington DC [US]", "Jan 5", "ANI"),
        "The US State Department ...",
    ),
    (
        "Bhadohi [Uttar Pradesh] (ANI): Police arrested ...",
        Dateline("Bhadohi [Uttar Pradesh] (ANI):", "Bhadohi [Uttar Pradesh]", None, "ANI"),
        "Police arrested ...",
    ),
]


@pytest.mark.parametrize(("paragraph", "dateline", "rest"), DATELINES)
def test_split_dateline(paragraph, dateline, rest):
    assert split_dateline(paragraph) == (dateline, rest)


NOT_DATELINES = [
    # first sentences, kickers and labels of the real pages (../shared), and their kind
    "DEAR ABBY: My husband of more than 20 years ...",
    "BREAKING: A fire broke out ...",
    "BREAKING NEWS: A fire broke out ...",
    "EXCLUSIVE: The company ...",
    "UPDATE: Police said ...",
    "PUBLISHED: Nov. 19, 2019",
    "FILED UNDER: News",
    "WORLD LAUNCH: Audi ...",
    "EU PANIC: Brussels ...",
    "NASA: The agency ...",
    "KOSPI: Stocks fell ...",
    "Q: What is it?",
    "ADVERTISEMENT – Story continues below",
    "THE POINT -- A new ...",
    "FILE - In this photo ...",
    "RSS - Subscribe",
    "NATO — the alliance said ...",
    "NATO — The alliance said ...",
    "IMF — The fund said ...",
    "NATO, the alliance, said on Monday ...",
    "US, China — The talks ...",
    "WASHINGTON officials said on Monday ...",
    "US stocks rose on Monday, led by tech ...",
    "A HUNTER who killed and ate a wild rabbit ...",
    "GIRLS BASKETBALL",
    "LOOK WHAT YOU MADE ME DO",
    '"We will fight," she said — Kim ...',
    "Paris — the city of light ...",
    "Washington — the White House said ...",
    "Apple — The company said ...",
    "Officials — The ministry said ...",
    "MADRID — the capital ...",
    "NATO, EU — The leaders said ...",  # two capitals: a state's postal code only
    "US, CHINA — The talks ...",  # a region in capitals: a place GeoNames lists
    "BREAKING, EXCLUSIVE — The ...",
    "Apple (AAPL): Shares rose ...",  # a colon after an agency: a known one
    "RIYADH, Jan 5, 2024, Apple -- x",  # an agency without brackets: a known one
    "Washington, DC: the city ...",
    "LAGOS, Nigeria: Police said ...",  # a colon after capitals wants the bare place
    "Hong Kong (CNN Business) a muddled view ...",
    "(CNN) reported that ...",
    "(LEAD)S. Korea to launch ...",
    "The company (CNN)said ...",
    "Apple (AAPL)Shares rose ...",
    "June 20 marks the anniversary of the battle.",
    "Jan 25 was a Monday.",
    "May 5 The company said. More:",
    "SEOUL, June 20 the talks ...",
    "Bad Homburg (dpa) - a place GeoNames does not list wants a sentence after it",
    "Photo (AP) - The scene ...",  # an unlisted title-case place: no English word
    "Update (Reuters) - The company ...",
    "Photo (AP): The scene ...",
    "SEOUL-based firms -Said ...",  # a word's own hyphen is no separator
    "SEOUL -based firms said ...",
    # a heading after a place and a dash: no sentence, no stop
    "PEPA – Universitätsklinikum Heidelberg (UKHD)",
    "BERLIN — Museumsinsel und Pergamonaltar",
    "Washington (AP) said ...",
    "The U.S. (AP) reported a rise in ...",
    "The U.S. (AP) — reported a rise in ...",
    "SEOUL is the capital of South Korea.",
    "By Kang Yoon-seung",
    '"We will win," said Kim (left) -- no comment.',
    "Asiana Airlines 13,310 UP 70",
    "(LEAD) S. Korea to launch ...",
    "(LEAD) -- S. Korea to launch ...",
    "KOSPI 200 Closing Price List",
    "Officials in SEOUL, Oct. 23 (Yonhap) -- said the talks ...",
    "N. Korea slams S. Korea over drills",
    "NEW: The company said ...",
    "URGENT -- N. Korea fires missile",
    "SEOUL, Oct. 23 - a hyphen without an agency is not enough",
    "SAMSUNG ELEC 70,000 DN 500",
    "A (Reuters) - one letter is not a location",
    "SEOUL, Oct. 23 (Yonhap) said the ministry",
    "SEOUL-based firms - said ...",
    "",
    # labels and acronyms in capitals before a long dash: no place GeoNames lists, and no
    # name either (every word an English word, or four letters or fewer)
    "EDITOR’S NOTE — This story is part of a series ...",
    "EDITOR'S NOTE — This story ...",
    "BREAKING NEWS — A fire broke out ...",
    "LIVE UPDATES — Follow ...",
    "UPDATE — Police said ...",
    "CORRECTION — An earlier version ...",
    "PHOTOS — The scene ...",
    "FACT CHECK — Posts claim ...",
    "MOBILE PHONES — The ministry ...",
    "FBI — The bureau said ...",
    "OPEC — The cartel said ...",
    "DAVOS — the resort ...",
    "DAVOS: The forum ...",  # a colon wants a place GeoNames lists
    # city names that are words must not eat copy
    "Mobile phones are banned in classrooms ...",
    "Mobile — The app ...",
    "Orange – The French operator said ...",
    "Reading — The first step ...",
    "Nice — The weather ...",
    "Split — The vote ...",
    # Korean, Japanese and Chinese copy that is not a dateline
    "[엔터미디어=소설가 박생강의 옆구리tv] 주말 밤 9시 ...",  # a column's heading
    "(서울=서울시) 시청 앞에서 ...",  # no agency listed, no reporter credited
    "(사진=연합뉴스) 정부는 ...",  # a credit line (photo: Yonhap): the form closes with "="
    "(서울=연합뉴스) 정부는 오늘 ...",
    "【速報】地震 ...",
    "【独自】政府が ...",
    "新华社记者张三摄",
    "新华社北京电 国务院 ...",
    "北京1月5日电 ...",
    "（中央社記者張三攝）",  # a photo credit
    "（中央社）行政院 ...",
    "（中央社記者張台5日電）...",  # too short for a name and a place
]


@pytest.mark.parametrize("paragraph", NOT_DATELINES)
def test_not_a_dateline(paragraph):
    assert split_dateline(paragraph) == (None, paragraph)


@pytest.mark.parametrize(
    ("date_text", "published", "language", "expected"),
    [
        # same day
        ("Oct. 23", datetime(2023, 10, 23, 14, 53, tzinfo=KST), "en", date(2023, 10, 23)),
        # the page's own local date, not UTC (still Oct. 23 in Seoul, Oct. 22 in UTC)
        ("Oct. 23", datetime(2023, 10, 23, 1, 0, tzinfo=KST), "en", date(2023, 10, 23)),
        ("Sept. 5", datetime(2023, 9, 6, 8, 0, tzinfo=KST), "en", date(2023, 9, 5)),
        ("April 25", datetime(2015, 4, 25, tzinfo=UTC), "en", date(2015, 4, 25)),
        ("Dec 14", datetime(2023, 12, 15, tzinfo=EST), "en", date(2023, 12, 14)),
        # December dateline on a January page: previous year
        ("Dec. 31", datetime(2024, 1, 1, 9, 0, tzinfo=KST), "en", date(2023, 12, 31)),
        # January dateline on a December page: next year
        ("Jan. 1", datetime(2023, 12, 31, 23, 0, tzinfo=EST), "en", date(2024, 1, 1)),
        (
            "23 Ekim",
            datetime(2023, 10, 23, tzinfo=timezone(timedelta(hours=3))),
            "tr",
            date(2023, 10, 23),
        ),
        # Feb. 29 in a leap year, and from a page of the next year
        ("Feb. 29", datetime(2024, 3, 1, tzinfo=KST), "en", date(2024, 2, 29)),
        ("Feb. 29", datetime(2025, 1, 2, tzinfo=KST), "en", None),
        ("Feb. 29", datetime(2023, 12, 20, tzinfo=KST), "en", date(2024, 2, 29)),
        # other languages' dates, in the copy's language
        ("20 jun", datetime(2024, 6, 20, tzinfo=UTC), "es", date(2024, 6, 20)),
        ("20 juin", datetime(2024, 6, 20, tzinfo=UTC), "fr", date(2024, 6, 20)),
        ("20 GIU", datetime(2024, 6, 20, tzinfo=UTC), "it", date(2024, 6, 20)),
        ("June 20, 2023", datetime(2023, 6, 21, tzinfo=UTC), "en", date(2023, 6, 20)),
        ("5th January, 2024", datetime(2024, 1, 5, tzinfo=UTC), "en", date(2024, 1, 5)),
        ("1月5日", datetime(2024, 1, 5, tzinfo=KST), "zh", date(2024, 1, 5)),
        ("12月31日", datetime(2025, 1, 1, tzinfo=KST), "zh", date(2024, 12, 31)),
        ("13月5日", datetime(2024, 1, 5, tzinfo=KST), "zh", None),
        # CNA's day alone: the latest such day up to the day after the page's
        ("5日", datetime(2024, 1, 5, 20, tzinfo=TST), "zh", date(2024, 1, 5)),
        ("31日", datetime(2024, 1, 1, 8, tzinfo=TST), "zh", date(2023, 12, 31)),
        ("30日", datetime(2024, 3, 1, 8, tzinfo=TST), "zh", date(2024, 1, 30)),
        ("31日", datetime(2024, 3, 1, 8, tzinfo=TST), "zh", date(2024, 1, 31)),
        ("1日", datetime(2024, 2, 29, 23, tzinfo=TST), "zh", date(2024, 3, 1)),
        ("0日", datetime(2024, 2, 29, 23, tzinfo=TST), "zh", None),
        ("32日", datetime(2024, 2, 29, 23, tzinfo=TST), "zh", None),
        # not a date
        ("Oct. 32", datetime(2023, 10, 23, tzinfo=KST), "en", None),
        ("Foo 3", datetime(2023, 10, 23, tzinfo=KST), "en", None),
        ("yesterday", datetime(2023, 10, 23, tzinfo=KST), "en", None),
    ],
)
def test_resolve_date(date_text, published, language, expected):
    assert resolve_date(date_text, published, language) == expected


def test_resolve_date_of_a_parsed_dateline():
    dateline, _ = split_dateline("SEOUL, Oct. 23 (Yonhap) -- Chinese President ...")
    assert dateline is not None and dateline.date_text is not None
    published = datetime(2023, 10, 23, 14, 53, 59, tzinfo=KST)
    assert resolve_date(dateline.date_text, published) == date(2023, 10, 23)


@pytest.mark.parametrize(
    ("paragraph", "following", "location"),
    [
        # an acronym is printed in capitals wherever it stands; a place in its dateline only
        ("ASEAN — The bloc agreed on Monday ...", ["ASEAN members meet in June."], None),
        ("ASEAN — The bloc agreed on Monday ...", ["ASEAN leaders agree on trade"], None),
        ("UNICEF — The agency said ...", ["It is UNICEF's appeal.", "More."], None),
        ("DAVOS — Business leaders gathered ...", ["The forum in Davos opened."], "DAVOS"),
        ("DAVOS — Business leaders gathered ...", [], "DAVOS"),
        ("MADRID — Rafael Nadal kept Spain alive.", ["Nadal in Madrid."], "MADRID"),
        # a city's name that is a word: the copy names it again only as a place
        ("Reading — Police are investigating ...", ["A man was found in Reading."], "Reading"),
        ("Reading — Police said ...", ["Officers near Reading town centre ..."], "Reading"),
        ("Reading — The first step ...", [], None),
        ("Reading — The first step ...", ["in Reading.", "Writing — The next ..."], None),
        ("Orange – The operator said ...", ["Shares in Orange fell.", "Orange said."], None),
        ("Orange – The operator said ...", ["Jobs in Orange's units ..."], None),
        ("Orange – The city said ...", ["Residents in Orange County ..."], None),
        # a title-case place GeoNames does not list, named again only as a place
        ("Bad Homburg — Der Konzern ...", ["Der Sitz in Bad Homburg bleibt."], "Bad Homburg"),
        ("Bad Homburg — Der Konzern ...", [], None),
        ("Trump — The president said.", ["He spoke in Trump Tower."], None),
        ("Biden — The president said.", ["Aides in Biden's team ..."], None),
    ],
)
def test_the_copy_tells_a_place_from_an_acronym_or_a_word(paragraph, following, location):
    dateline, _ = split_dateline(paragraph, following)
    assert (dateline and dateline.location) == location


@pytest.mark.parametrize(
    ("paragraph", "url", "expected"),
    [
        (
            "PanARMENIAN.Net - Verified video footage ...",
            "http://www.panarmenian.net/eng/news/275221/",
            (
                Dateline("PanARMENIAN.Net -", None, None, "PanARMENIAN.Net"),
                "Verified video footage ...",
            ),
        ),
        (
            "News.Az: The president said ...",
            "https://news.az/news/x",
            (Dateline("News.Az:", None, None, "News.Az"), "The president said ..."),
        ),
        # another site's name is copy; so is the site's name before copy in lower case
        ("Amazon.com — The retailer said ...", "https://www.cnbc.com/x", None),
        ("PanARMENIAN.Net - verified video ...", "http://www.panarmenian.net/eng/", None),
        ("Armenian.Net - Verified ...", "http://www.panarmenian.net/eng/", None),
        ("PanARMENIAN.Net reported ...", "http://www.panarmenian.net/eng/", None),
    ],
)
def test_a_sites_own_name_as_its_credit(paragraph, url, expected):
    assert site_credit(paragraph, url) == expected


def test_a_second_place_after_a_region():
    """A Reuters dateline filed from two places (a regression: it stayed in the body)."""
    dateline, rest = split_dateline("SURABAYA, Indonesia/JAKARTA (Reuters) - Search teams ...")
    assert dateline == Dateline(
        text="SURABAYA, Indonesia/JAKARTA (Reuters) -",
        location="SURABAYA, Indonesia/JAKARTA",
        date_text=None,
        agency="Reuters",
    )
    assert rest == "Search teams ..."


@pytest.mark.parametrize(
    ("paragraph", "following", "location"),
    [
        (
            "BAAR, SWITZERLAND",
            "Ascom, a global solutions provider, announced ...",
            "BAAR, SWITZERLAND",
        ),
        ("NEW YORK, N.Y.", "Shares rose ...", "NEW YORK, N.Y."),
        ("MUMBAI", "The BSE Sensex ended flat ...", "MUMBAI"),
        # headings and kickers of the real pages, and a place over no sentence
        ("GIRLS BASKETBALL", "Palm Bay d. Rockledge 70-44", None),
        ("CLAIM", "Former U.S. ambassador ...", None),
        ("DEFENSIVE LINE", "Myles Garrett ...", None),
        ("Pittsburgh", "Brock Nelson's second goal ...", None),
        ("KOSPI 200 Closing Price List", "Samsung 70,000 DN 500", None),
        ("WASHINGTON", "said the ministry ...", None),
        # a byline's place line, after its divider (Reuters 2016)
        ("| WASHINGTON", "WASHINGTON The U.S. Federal Reserve ...", "WASHINGTON"),
        ("| Sports", "The team won ...", None),
    ],
)
def test_a_dateline_printed_as_a_paragraph_of_its_own(paragraph, following, location):
    dateline = dateline_paragraph(paragraph, following)
    assert (dateline and dateline.location) == location
    assert dateline is None or dateline == Dateline(location, location, None, None)


# -- properties -------------------------------------------------------------------------------

PROPERTY = settings(max_examples=60, deadline=None)
HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
KOREAN_NAME = st.text(HANGUL, min_size=2, max_size=4).filter(
    lambda name: not regex.search(r"(?:기자|특파원|통신원|위원)$", name)
)


@PROPERTY
@given(
    st.text(HANGUL, min_size=1, max_size=6),
    st.sampled_from(["연합뉴스", "뉴시스", "뉴스1"]),
    st.lists(KOREAN_NAME, min_size=1, max_size=3),
    st.sampled_from(["기자", "특파원", "선임기자"]),
    st.sampled_from([("(", ")"), ("[", "]"), ("（", "）")]),
    st.text(st.characters(categories=["L", "N", "Zs"]), min_size=1, max_size=40),
)
def test_a_korean_dateline_gives_its_place_agency_and_reporters(
    place, agency, names, title, brackets, copy
):
    assume(copy.strip())
    opening = f"{brackets[0]}{place}={agency}{brackets[1]} {' '.join(names)} {title} ="
    dateline, rest = split_dateline(f"{opening} {copy}")
    assert dateline == Dateline(opening, place, None, agency, tuple(names))
    assert rest == copy.lstrip()


@PROPERTY
@given(
    st.sampled_from(["(", "[", "【", "〔", "（", "新华社", "中新社", "本报"]),
    st.text(st.characters(codec=None, min_codepoint=0), max_size=80),
)
def test_cjk_datelines_are_prefixes_and_credit_only_names_they_print(opening, value):
    paragraph = opening + value
    dateline, rest = split_dateline(paragraph)
    if dateline is None:
        assert rest == paragraph
    else:
        assert paragraph.lstrip().startswith(dateline.text)
        assert all(author and author in dateline.text for author in dateline.authors)


@PROPERTY
@given(
    st.sampled_from(["Mobile", "Orange", "Reading", "Nice", "Split", "Paris", "Hong Kong"]),
    st.sampled_from(["", " —", " –", " (CNN)", ":"]),
    st.text(st.characters(categories=["Ll"]), min_size=1, max_size=20),
)
def test_copy_that_goes_on_in_lower_case_is_never_a_dateline(place, after, word):
    """A first sentence starting with a city's name is copy: "Mobile phones are ...",
    "Paris — the city of light ...", "Hong Kong (CNN) said ..."."""
    paragraph = f"{place}{after} {word} are here."
    assert split_dateline(paragraph) == (None, paragraph)


@PROPERTY
@given(
    st.sampled_from(["LAGOS", "KANO, Nigeria", "WASHINGTON, Jan 5", "SEOUL, Oct. 23"]),
    st.sampled_from(["Reuters", "AP", "Yonhap", "AFP"]),
    st.text(st.characters(categories=["Lu"]), min_size=1, max_size=3),
    st.text(st.characters(categories=["Ll", "Zs"]), max_size=30),
)
def test_a_short_dash_glued_to_the_copy_reads_as_a_spaced_one(place, agency, capital, copy):
    """ "LAGOS (Reuters) -Nigeria's ..." is "LAGOS (Reuters) - Nigeria's ..."."""
    glued, spaced = (f"{place} ({agency}) -{space}{capital}{copy}" for space in ("", " "))
    assert split_dateline(glued) == split_dateline(spaced)
    assert split_dateline(glued)[0] is not None


@PROPERTY
@given(
    st.text(st.characters(categories=["Lu"], max_codepoint=0x24F), min_size=5, max_size=10),
    st.sampled_from(["{} members", "the {} summit", "{}'s chief", "({})"]),
)
def test_a_bare_word_printed_in_capitals_again_is_no_dateline(word, again):
    """An acronym is printed in capitals wherever it stands: "ASEAN — The bloc ..." over
    copy that says "ASEAN members" is copy, whatever the word."""
    paragraph = f"{word} — The bloc agreed on Monday."
    assert split_dateline(paragraph, [f"Later, {again.format(word)} met."]) == (None, paragraph)


SURNAMES = "王李張劉陳楊黃趙吳周徐孫馬朱胡郭何林"
GIVEN_NAMES = "志明偉芳娟秀英敏靜麗強磊軍勇傑娜濤"


@PROPERTY
@given(
    st.sampled_from(SURNAMES),
    st.text(st.sampled_from(GIVEN_NAMES), min_size=1, max_size=2),
    st.sampled_from(["台北", "高雄", "華盛頓", "東京", "紐約"]),
    st.integers(1, 31),
    st.sampled_from(["電", "專電"]),
)
def test_a_cna_dateline_splits_its_reporter_from_the_place(surname, given, place, day, kind):
    opening = f"（中央社記者{surname}{given}{place}{day}日{kind}）"
    dateline, rest = split_dateline(f"{opening}行政院今天 ...")
    assert dateline == Dateline(opening, place, f"{day}日", "中央社", (surname + given,))
    assert rest == "行政院今天 ..."
