"""Basic cue words for languages without a full hand-written list: cs, pl, ru, ko, ar, zh, ja.

Everyday newsroom vocabulary for the main top-level IPTC topics, written for Wirestream
from general knowledge of each language (not fitted to any labelled page), so that such
articles get at least a top-level subject. Same syntax as `tagging_lexicon` (`stem*`,
`a_b`, `:N`), with how each language is matched:
- cs, pl, ru: whole tokens, `stem*` for inflected forms;
- entries are lower-cased like the text's tokens ("NATO" matches "nato");
- ko: every entry is a stem (particles attach to the noun: 대통령은, 대통령이);
- ar: every entry is a stem, matched without the article ال and the clitics before it;
- zh, ja: no spaces between words, so every entry is a substring of the text.
"""

from __future__ import annotations

STEM_LANGUAGES = frozenset({"ko", "ar"})
SUBSTRING_LANGUAGES = frozenset({"zh", "ja"})

WORLD_CUES: dict[str, dict[str, str]] = {
    # arts, culture, entertainment and media
    "medtop:01000000": {
        "cs": "film* herec* hereck* herečk* zpěvák* zpěvačk* hudb* koncert* divadl* kultur*:2 "
              "umělec* umělc* výstav* muze* seriál* televiz* kniha knih* spisovatel* festival*",
        "pl": "film* aktor* aktork* piosenkar* muzyk* koncert* teatr* kultur*:2 artyst* "
              "wystaw* muze* serial* telewizj* książk* pisarz* festiwal*",
        "ru": "фильм* кино* актер* актёр* актрис* певец* певиц* музык* концерт* театр* "
              "культур*:2 художник* выставк* музе* сериал* телевиден* книг* писател* фестивал*",
        "ko": "영화 배우 가수 음악 콘서트 공연 드라마 예능 방송 연극 전시 미술 문화:2 작가 소설 "
              "아이돌 앨범 축제",
        "ar": "فيلم أفلام سينما ممثل ممثلة مغني مغنية موسيقى حفل مسرح ثقاف:2 فنان فنانة معرض "
              "متحف مسلسل تلفزيون كتاب رواية مهرجان شعر",
        "zh": "电影 演员 歌手 音乐 演唱会 戏剧 文化:2 艺术 展览 博物馆 电视剧 综艺 小说 作家",
        "ja": "映画 俳優 女優 歌手 音楽 ライブ コンサート 舞台 文化:2 芸術 展覧会 美術館 ドラマ "
              "テレビ 小説 作家 アイドル 芸能:2",
    },
    # crime, law and justice
    "medtop:02000000": {
        "cs": "policie:2 policist* soud:2 soudu soudce* obžalob* obviněn*:2 zatčen*:2 vězení* "
              "vražd*:2 trestn*:2 krádež* podvod* pachatel*:2 státní_zástupce:2",
        "pl": "policj*:2 policjan* sąd:2 sądu sędzi* prokurat*:2 oskarż*:2 zatrzyman*:2 "
              "więzieni* zabójstw*:2 morderstw*:2 przestęp*:2 kradzież* oszust* sprawc*:2",
        "ru": "полиц*:2 суд:2 суда судь* прокурор*:2 обвин*:2 задержа*:2 арест*:2 тюрьм* "
              "убийств*:2 преступ*:2 краж* мошенни*",
        "ko": "경찰:2 법원:2 검찰:2 재판:2 판사 기소:2 체포:2 구속:2 수사:2 혐의:2 살인:2 범죄:2 "
              "사기 징역:2 피의자:2",
        "ar": "شرطة:2 محكمة:2 قاضي نيابة:2 اتهام:2 متهم:2 اعتقال:2 سجن:2 جريمة:2 قتل سرقة "
              "احتيال",
        "zh": "警方:2 警察:2 法院:2 检察:2 审判:2 法官 起诉:2 逮捕:2 判处:2 犯罪:2 谋杀:2 诈骗 "
              "嫌疑人:2",
        "ja": "警察:2 警視庁:2 逮捕:2 容疑:2 裁判:2 地裁:2 判決:2 検察:2 起訴:2 殺人:2 犯罪:2 "
              "詐欺 被告:2",
    },
    # disaster, accident and emergency incident
    "medtop:03000000": {
        "cs": "zemětřesení:3 povodn*:3 požár*:3 hasič*:3 nehod*:3 havári*:3 neštěstí:2 "
              "záchran*:2 katastrof*:2 zraněn*:1",
        "pl": "trzęsieni*:3 powód*:3 pożar*:3 strażac*:3 wypad*:2 katastrof*:3 ratownic*:2 "
              "ranny:1 ranni:1",
        "ru": "землетрясени*:3 наводнени*:3 пожар*:3 пожарн*:2 авари*:3 катастроф*:3 "
              "спасател*:2 пострадавш*:2 погибш*:1 ДТП:3",
        "ko": "지진:3 홍수:3 화재:3 산불:3 소방:2 사고:2 참사:3 붕괴:2 구조대:2 실종:1 부상자:2",
        "ar": "زلزال:3 فيضان:3 فيضانات:3 حريق:3 حرائق:3 إطفاء:2 حادث:2 كارثة:3 انهيار:2 "
              "إنقاذ:2 جرحى:1",
        "zh": "地震:3 洪水:3 火灾:3 消防:2 事故:2 坠毁:3 遇难:3 救援:2 灾害:3 伤亡:2",
        "ja": "地震:3 津波:3 洪水:3 火災:3 火事:3 消防:2 事故:2 墜落:3 救助:2 災害:3 死傷:2",
    },
    # economy, business and finance
    "medtop:04000000": {
        "cs": "ekonomik*:3 ekonomick*:2 hospodářs*:3 firm*:2 společnost*:1 trh* burz*:3 akci* "
              "bank*:2 inflac*:3 cen* zisk*:2 tržb*:3 investor*:2 investic*:2 koruna:2 korun*:1",
        "pl": "gospodar*:3 ekonomi*:3 firm*:2 spółk*:2 rynek:2 rynk* giełd*:3 akcj*:2 bank*:2 "
              "inflacj*:3 cen* zysk*:2 przychod*:3 inwestor*:2 inwestycj*:2 złot*:1 biznes*:2",
        "ru": "экономи*:3 бизнес*:2 компани*:2 рынок:2 рынк* бирж*:3 акци*:2 банк*:2 "
              "инфляци*:3 цен*:1 прибыл*:2 выручк*:3 инвестор*:2 инвестици*:2 рубл*:2",
        "ko": "경제:3 기업:2 시장:1 주가:3 증시:3 주식:3 은행:2 금리:3 물가:3 인플레이션:3 "
              "매출:3 영업이익:3 투자:2 수출:2 환율:3 코스피:3",
        "ar": "اقتصاد:3 شركة:2 شركات:2 سوق:2 أسواق:2 بورصة:3 أسهم:3 بنك:2 مصرف:2 تضخم:3 "
              "أسعار:2 أرباح:3 استثمار:2 صادرات:2 دولار:1",
        "zh": "经济:3 企业:2 公司:1 市场:2 股市:3 股票:3 银行:2 利率:3 通胀:3 物价:3 营收:3 "
              "利润:3 投资:2 出口:2 人民币:2",
        "ja": "経済:3 企業:2 会社:1 市場:2 株価:3 株式:3 銀行:2 金利:3 物価:3 インフレ:3 "
              "売上:3 利益:2 投資:2 輸出:2 円安:3 円高:3 日経平均:3",
    },
    # education
    "medtop:05000000": {
        "cs": "škol*:3 žák* student*:2 učitel*:3 univerzit*:2 vzdělá*:3 maturit*:3",
        "pl": "szkoł*:3 szkol* uczni*:3 uczeń student*:2 nauczyciel*:3 uniwersytet*:2 "
              "edukacj*:3 matur*:3",
        "ru": "школ*:3 школьник*:3 студент*:2 учител*:3 университет*:2 образовани*:3 ЕГЭ:3",
        "ko": "학교:3 학생:2 교사:3 교육:3 대학:2 수능:3 입시:3 교육부:3",
        "ar": "مدرسة:3 مدارس:3 طلاب:2 طالب:2 معلم:3 جامعة:2 تعليم:3 امتحان:3",
        "zh": "学校:3 学生:2 教师:3 老师:2 大学:2 教育:3 高考:3",
        "ja": "学校:3 生徒:3 学生:2 教師:3 教員:3 大学:2 教育:3 入試:3",
    },
    # environment
    "medtop:06000000": {
        "cs": "klima*:3 životní_prostředí:3 emis*:3 ekolog*:2 znečištěn*:3 oteplován*:3",
        "pl": "klimat*:3 środowisk*:2 emisj*:3 ekolog*:2 zanieczyszcz*:3 ocieplen*:3",
        "ru": "климат*:3 экологи*:3 выброс*:2 загрязнени*:3 потеплени*:3",
        "ko": "기후:3 환경:3 탄소:3 배출:2 오염:3 온난화:3 미세먼지:3",
        "ar": "مناخ:3 المناخ:3 بيئة:3 انبعاثات:3 تلوث:3 الاحتباس:3",
        "zh": "气候:3 环境:3 碳排放:3 排放:2 污染:3 变暖:3 环保:3",
        "ja": "気候:3 環境:3 温暖化:3 排出:2 汚染:3 脱炭素:3",
    },
    # health
    "medtop:07000000": {
        "cs": "zdrav*:3 nemocnic*:3 lékař*:3 pacient*:3 nemoc*:2 očkován*:3 vir*:1 léčb*:3",
        "pl": "zdrow*:3 szpital*:3 lekarz*:3 pacjent*:3 chorob*:2 szczepi*:3 wirus*:1 lecz*:2",
        "ru": "здоров*:3 больниц*:3 врач*:3 пациент*:3 болезн*:2 вакцин*:3 вирус*:1 лечени*:3",
        "ko": "건강:3 병원:3 의사:3 환자:3 질병:3 백신:3 바이러스:2 치료:2 의료:3",
        "ar": "صحة:3 الصحة:3 مستشفى:3 طبيب:3 مريض:3 مرض:2 لقاح:3 فيروس:2 علاج:2",
        "zh": "健康:3 医院:3 医生:3 患者:3 疾病:3 疫苗:3 病毒:2 治疗:2 医疗:3",
        "ja": "健康:3 病院:3 医師:3 患者:3 病気:3 ワクチン:3 ウイルス:2 治療:2 医療:3",
    },
    # labour
    "medtop:09000000": {
        "cs": "zaměstnan*:2 nezaměstnan*:3 mzd*:3 odbor*:2 stávk*:3 pracovní*:1",
        "pl": "pracownik*:2 pracowni*:1 bezroboci*:3 płac*:2 wynagrodze*:3 związk*:1 strajk*:3",
        "ru": "работник*:2 безработиц*:3 зарплат*:3 профсоюз*:3 забастовк*:3",
        "ko": "노동:3 근로자:3 노조:3 파업:3 임금:3 실업:3 고용:3 일자리:3",
        "ar": "عمال:3 العمال:3 بطالة:3 أجور:3 نقابة:3 إضراب:3 توظيف:3",
        "zh": "劳动:3 工人:3 工会:3 罢工:3 工资:3 失业:3 就业:3",
        "ja": "労働:3 労組:3 ストライキ:3 賃金:3 賃上げ:3 失業:3 雇用:3",
    },
    # lifestyle and leisure
    "medtop:10000000": {
        "cs": "cestován*:3 dovolen*:3 recept*:3 jídl*:2 vaření:3 mód*:2 zahrad*:2",
        "pl": "podróż*:3 wakacj*:3 urlop*:2 przepis*:1 kuchni*:2 gotowa*:3 mod*:1 ogród*:2",
        "ru": "путешеств*:3 отпуск*:2 туризм*:3 рецепт*:3 кухн*:2 мод*:1 сад*:1",
        "ko": "여행:3 관광:3 요리:3 레시피:3 맛집:3 패션:3 휴가:3",
        "ar": "سفر:3 سياحة:3 رحلة:2 وصفة:3 طبخ:3 موضة:3 أزياء:3",
        "zh": "旅游:3 旅行:3 美食:3 菜谱:3 时尚:3 度假:3",
        "ja": "旅行:3 観光:3 グルメ:3 レシピ:3 料理:2 ファッション:3",
    },
    # politics and government
    "medtop:11000000": {
        "cs": "vlád*:3 premiér*:3 prezident*:2 ministr*:2 parlament*:3 sněmovn*:3 poslan*:3 "
              "senát*:2 volb*:3 volič*:3 koalic*:3 opozic*:3 politik*:2 politick*:2 stran*:1 "
              "demis*:2",
        "pl": "rząd:3 rządu rządow*:3 premier*:3 prezydent*:2 minist*:2 parlament*:3 sejm*:3 "
              "posł*:3 senat*:2 wybor*:3 wyborc*:3 koalicj*:3 opozycj*:3 polity*:2 partii:1",
        "ru": "правительств*:3 премьер*:2 президент*:2 министр*:2 парламент*:3 дум*:1 "
              "депутат*:3 выбор*:2 избирател*:3 оппозици*:3 полити*:2 парти*:1 Кремл*:3",
        "ko": "정치:3 정부:3 대통령:3 총리:3 장관:2 국회:3 의원:2 선거:3 대선:3 총선:3 여당:3 "
              "야당:3 민주당:3 국민의힘:3 후보:2 외교:2",
        "ar": "سياس:3 حكومة:3 رئيس:1 رئاسة:2 وزير:2 وزراء:2 برلمان:3 مجلس_النواب:3 نواب:2 "
              "انتخابات:3 حزب:2 أحزاب:2 معارضة:3 دبلوماس:2",
        "zh": "政治:3 政府:3 总统:3 主席:2 总理:3 部长:2 议会:3 国会:3 选举:3 大选:3 政党:3 "
              "外交:2 人大:1",
        "ja": "政治:3 政府:3 首相:3 大統領:3 大臣:2 国会:3 議員:3 選挙:3 総選挙:3 与党:3 "
              "野党:3 自民党:3 外交:2 内閣:3",
    },
    # religion
    "medtop:12000000": {
        "cs": "církev*:3 církv*:3 papež*:3 kostel*:3 nábožens*:3 věřící*:2",
        "pl": "kości*:3 papież*:3 religi*:3 wiar*:1 wierny*:2 biskup*:3 ksiądz:3 księż*:3",
        "ru": "церк*:3 патриарх*:3 религи*:3 верующ*:3 мечет*:3 ислам*:2",
        "ko": "종교:3 교회:3 성당:3 교황:3 불교:3 사찰:3 목사:3 신부:2",
        "ar": "مسجد:3 كنيسة:3 ديني:2 الدين:3 البابا:3 صلاة:3 رمضان:3",
        "zh": "宗教:3 教会:2 寺庙:3 佛教:3 教皇:3 基督教:3 伊斯兰:3",
        "ja": "宗教:3 教会:3 寺院:3 神社:3 仏教:3 教皇:3 ローマ教皇:3",
    },
    # science and technology
    "medtop:13000000": {
        "cs": "věd*:3 vědc*:3 výzkum*:3 technolog*:3 počítač*:3 internet*:2 software*:3 "
              "umělá_inteligence:3 vesmír*:3 kosmick*:3 aplikac*:2 mobil*:1",
        "pl": "nauk*:2 naukow*:3 badani*:2 badacz*:3 technolog*:3 komputer*:3 internet*:2 "
              "oprogramowani*:3 sztuczn*:2 kosmos*:3 kosmiczn*:3 aplikacj*:2 smartfon*:3",
        "ru": "наук*:3 учен*:2 исследовани*:3 технолог*:3 компьютер*:3 интернет*:2 "
              "программ*:1 искусственн*:2 космос*:3 космическ*:3 смартфон*:3",
        "ko": "과학:3 연구:2 연구진:3 기술:2 인공지능:3 AI:3 반도체:3 컴퓨터:3 인터넷:3 "
              "스마트폰:3 우주:3 로켓:2 위성:3 소프트웨어:3 앱:1",
        "ar": "علم:2 علماء:3 بحث:1 دراسة:2 تكنولوجيا:3 تقنية:3 حاسوب:3 إنترنت:3 "
              "الذكاء_الاصطناعي:3 فضاء:3 الفضاء:3 صاروخ:1 قمر_صناعي:3 هاتف:2",
        "zh": "科学:3 科学家:3 研究:2 技术:3 科技:3 人工智能:3 芯片:3 半导体:3 计算机:3 互联网:3 "
              "手机:2 航天:3 太空:3 卫星:3 火箭:2 软件:3",
        "ja": "科学:3 研究:2 技術:3 人工知能:3 AI:3 半導体:3 コンピューター:3 インターネット:3 "
              "スマートフォン:3 スマホ:3 宇宙:3 ロケット:2 衛星:3 ソフトウェア:3",
    },
    # society
    "medtop:14000000": {
        "cs": "společnost:1 sociální*:2 migrant*:3 uprchl*:3 chudob*:3 rodin*:1 důchod*:2",
        "pl": "społeczeńs*:2 społeczn*:2 migrant*:3 uchodźc*:3 imigrant*:3 ubóstw*:3 rodzin*:1 "
              "emeryt*:2",
        "ru": "обществ*:2 социальн*:2 мигрант*:3 беженц*:3 бедност*:3 сем*:1 пенси*:2",
        "ko": "사회:2 복지:3 이민:3 난민:3 빈곤:3 저출산:3 인구:2 가족:1 연금:2",
        "ar": "مجتمع:2 اجتماعي:2 مهاجرين:3 لاجئين:3 فقر:3 الأسرة:1",
        "zh": "社会:2 福利:3 移民:3 难民:3 贫困:3 人口:2 养老:3 家庭:1",
        "ja": "社会:2 福祉:3 移民:3 難民:3 貧困:3 少子化:3 人口:2 年金:2 家族:1",
    },
    # sport
    "medtop:15000000": {
        "cs": "sport*:3 fotbal*:3 hokej*:3 tenis*:3 zápas*:3 utkání:3 liga:2 ligy:2 lize:2 "
              "turnaj*:3 mistrovství:3 olympi*:3 trenér*:3 gól*:3 branka*:2 hráč*:3 tým*:2",
        "pl": "sport*:3 piłk*:3 piłkarz*:3 hokej*:3 tenis*:3 mecz*:3 lig*:2 turniej*:3 "
              "mistrzostw*:3 olimpi*:3 trener*:3 bramk*:3 gol*:2 zawodni*:3 drużyn*:3",
        "ru": "спорт*:3 футбол*:3 хоккей*:3 теннис*:3 матч*:3 лиг*:2 турнир*:3 чемпионат*:3 "
              "олимпи*:3 тренер*:3 гол*:2 игрок*:3 команд*:1 сборн*:3",
        "ko": "스포츠:3 축구:3 야구:3 농구:3 배구:3 골프:3 테니스:3 경기:1 리그:3 감독:2 선수:3 "
              "올림픽:3 월드컵:3 득점:3 우승:3 홈런:3",
        "ar": "رياض:3 كرة_القدم:3 كرة:2 مباراة:3 دوري:3 بطولة:3 منتخب:3 مدرب:3 لاعب:3 هدف:1 "
              "أولمبي:3 كأس:2",
        "zh": "体育:3 足球:3 篮球:3 排球:3 网球:3 比赛:3 联赛:3 冠军:3 奥运:3 教练:3 球员:3 "
              "世界杯:3 进球:3",
        "ja": "スポーツ:3 サッカー:3 野球:3 バスケ:3 テニス:3 ゴルフ:3 試合:3 リーグ:3 優勝:3 "
              "五輪:3 オリンピック:3 監督:2 選手:3 W杯:3 本塁打:3",
    },
    # conflict, war and peace
    "medtop:16000000": {
        "cs": "válk*:3 armád*:3 vojen*:3 voják*:3 vojác*:3 útok*:2 raket*:2 příměří:3 teror*:3 "
              "NATO:2",
        "pl": "wojn*:3 wojsk*:3 wojskow*:3 żołnierz*:3 atak*:2 rakiet*:2 rozejm*:3 teror*:3 "
              "NATO:2",
        "ru": "войн*:3 арми*:3 военн*:3 солдат*:3 удар*:1 атак*:2 ракет*:2 перемири*:3 "
              "террор*:3 обстрел*:3 НАТО:2",
        "ko": "전쟁:3 군사:3 군대:3 북한:2 미사일:3 공격:2 휴전:3 테러:3 병력:3 국방:3",
        "ar": "حرب:3 الحرب:3 جيش:3 الجيش:3 عسكري:3 جنود:3 هجوم:2 صواريخ:2 غارة:3 "
              "وقف_إطلاق_النار:3 إرهاب:3 قصف:3",
        "zh": "战争:3 军队:3 军事:3 士兵:3 袭击:2 导弹:3 停火:3 恐怖:3 冲突:2 国防:3",
        "ja": "戦争:3 軍事:3 自衛隊:3 兵士:3 攻撃:2 ミサイル:3 停戦:3 テロ:3 紛争:3 防衛:2",
    },
    # weather
    "medtop:17000000": {
        "cs": "počasí:3 předpověď*:2 bouř*:3 sněžen*:3 vedr*:3 teplot*:2 meteorolog*:3",
        "pl": "pogod*:3 prognoz*:2 burz:3 burze:3 śnieg*:3 upał*:3 temperatur*:2 synoptyk*:3 "
              "IMGW:3",
        "ru": "погод*:3 прогноз*:1 гроз*:3 снегопад*:3 жар*:1 температур*:2 синоптик*:3 "
              "метео*:3",
        "ko": "날씨:3 기상:3 폭우:3 폭설:3 폭염:3 태풍:3 기온:3 한파:3 장마:3",
        "ar": "طقس:3 الطقس:3 الأرصاد:3 أمطار:3 عاصفة:3 ثلوج:3 حرارة:2 درجات_الحرارة:3",
        "zh": "天气:3 气象:3 暴雨:3 降雪:3 高温:3 台风:3 气温:3 寒潮:3",
        "ja": "天気:3 気象:3 大雨:3 大雪:3 猛暑:3 台風:3 気温:3 寒波:3 梅雨:3",
    },
}

# Clitics are stripped only before the article ال, where they are sure to be clitics
# ("وبالحكومة" -> "حكومة"), not from words that merely start with the letter ("وزير", "بنك").
_AR_CONJUNCTIONS = ("و", "ف")
_AR_PREPOSITIONS = ("ب", "ل", "ك")


def arabic_stem(word: str) -> str:
    """The word without a leading conjunction, preposition and article."""
    if word[:1] in _AR_CONJUNCTIONS and (
            word[1:3] in ("ال", "لل") or (word[1:2] in _AR_PREPOSITIONS and word[2:4] == "ال")):
        word = word[1:]
    if word.startswith("لل") and len(word) > 4:  # ل + ال
        return word[2:]
    if word[:1] in _AR_PREPOSITIONS and word[1:3] == "ال":
        word = word[1:]
    if word.startswith("ال") and len(word) > 4:
        word = word[2:]
    return word
