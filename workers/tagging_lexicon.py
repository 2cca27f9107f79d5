"""Hand-written cue words for the 17 IPTC top-level Media Topics, English and German.

Written from the IPTC topic definitions and general newsroom vocabulary, not fitted to
any labelled set. Syntax, one entry per whitespace-separated item:
  `word`      the exact lower-case token;
  `stem*`     any token starting with `stem` (English inflections, German compounds);
  `*head`     any token ending with `head` (German compound heads: Innenminister);
  `a_b`       the two-token phrase "a b";
  `:N`        a weight suffix (default 1), e.g. `ceasefire:3`.
Ambiguous words get a low weight in every topic they point to, or are left out.
"""

from __future__ import annotations

CUES: dict[str, dict[str, str]] = {
    # arts, culture, entertainment and media
    "medtop:01000000": {"en": """
        film:2 films:2 movie:2 movies:2 cinema:2 cinemas actor:2 actors:2 actress:2 actresses:2
        box_office:3 oscar:3 oscars:3 academy_award:3 bafta:3 baftas:3 grammy:3 grammys:3 emmy:3
        emmys:3 golden_globe:3 golden_globes:3 album:2 albums:2 song:2 songs:2 singer:2 singers:2
        songwriter:2 band:1 bands concert:2 concerts:2 gig gigs festival music:2 musical:2
        musician:2 musicians:2 rapper:2 pop:1 rock:1 jazz:2 hip_hop:2 theatre:2 theater:2
        broadway:2 west_end:2 stage novel:2 novels:2 novelist:2 author:1 authors:1 book:1 books:1
        bestseller:2 poet:2 poetry:2 literature:2 literary:2 artist:2 artists:2 art:1 arts:2
        exhibition:2 museum:2 museums gallery:2 painting:2 paintings:2 painter:2 sculpture:2
        opera:2 ballet:2 dance dancer comedy:2 comedian:2 comedians sitcom:3 drama:2 dramas
        tv:2 television:2 episode:2 episodes:2 netflix:2 hbo:2 disney:1 hollywood:3 bollywood:3
        celebrity:2 celebrities:2 star:1 stars:1 chart:2 charts:2 soundtrack:2 premiere:2
        screenplay:3 sequel:2 documentary:2 director:1 directed:1 nominated:2 nomination:2
        nominations:2 nominee:2 nominees:2 best_actor:3 best_actress:3 best_film:3 red_carpet:3
        newspaper:1 magazine:1 broadcaster:1 radio:1 channel:1 audience:1 audiences:1 viewers:2
        ratings:1 show:1 shows:1 studio:1 studios:1 fans:1 u2 madonna eurovision:3 label:1
        singles:1 dj:1 tracks:1 lyrics:2 vinyl:2 cd:1 dvd:2 piracy:1 game_show:2 reality_tv:3
        starring:3 blockbuster:3 remake:3 cast:1 role:1 roles:1 playwright:3 pop_star:3
        rock_band:3 frontman:3 lead_singer:3 record_label:3 record_company:3 music_industry:3
        paramount:2
        film_festival:3 box-office:3 filmmaker:3
        filmmakers:3 screenwriter:3 hit_single:3
        top_10:1 top_40:3 brit_awards:3 golden_globe_awards:3 sundance:3 cannes:2 soap:2
        soap_opera:3 presenter:2 broadcast:1 broadcasts:1 bbc_one:3 channel_4:3 comic:1
    """,
        "de": """
        film* kino* schauspieler*:2 schauspielerin*:2 regisseur*:2 regisseurin*:2 musik*:2
        sängerin*:2 trennung:1 liebes-aus:2 dschungelcamp:3 reality-*:2 realitystar*:3 influencer*:1
        telenovela*:3 *serie:1 staffel*:2 folge:1 zuschauer*:2 ard:1 zdf:1 rtl:2 sat_1:2 *show:2
        sänger*:2 konzert*:2 festival* theater*:2 bühne*:2 roman:2 romane:2 autorin:1 buch:1
        bücher:1 literatur*:2 künstler*:2 kunst:2 ausstellung*:2 museum:2 galerie:2 oper:2 ballett:2
        tanz komödie:2 serie:1 serien:1 fernseh*:2 sendung:2 promi*:2 kultur*:2 tatort:2
        moderator*:1 schlager:2 premiere:2 kinofilm*:2 *film:2 *musik:1 *roman:1 *festival:1
        bestseller* orchester:2 dirigent*:2 comic:1 comics:1 streaming:1 pianist*:2 album:2
    """},
    # crime, law and justice
    "medtop:02000000": {"en": """
        police:2 policeman policemen court:2 courts:2 judge:2 judges:2 jury:3 trial:2
        prosecutor:3 prosecutors:3 prosecution:2 arrested:3 arrest:2 arrests:2 charged:2
        convicted:3 conviction:2 sentenced:3 sentence:1 prison:3 prisoner:2 prisoners:2 jail:3
        jailed:3 murder:3 murdered:3 murders:3 crime:3 crimes:3 criminal:2 criminals:2 fraud:2
        theft:3 stolen:2 robbery:3 burglary:3 assault:2 rape:3 lawsuit:2 lawsuits:2 sued:2
        suing:2 lawyer:2 lawyers:2 attorney:2 attorneys:2 supreme_court:2 verdict:3 guilty:3
        acquitted:3 suspect:3 suspects:3 detective:3 detectives:3 officers:1 custody:2 bail:3
        trafficking:2 smuggling:2 gang:2 gangs:2 homicide:3 stabbing:3 stabbed:3 manslaughter:3
        extradition:3 indicted:3 indictment:3 felony:3 testimony:2 testified:2 witness:2
        witnesses:2 legal:1 justice:1 fbi:2 investigators:1 forensic:2 offence:2 offences:2
        offender:3 offenders:3 courtroom:3 magistrates:3 crown_court:3 high_court:2
        court_of_appeal:2 shot_dead:2 gunman:2 killer:3 victim:1 police_said:2 accused:2
        alleged:1 allegedly:1 pleaded:3 plea:2 lawsuit* illegal:1 penalty:1
        brothel:2 prostitution:3 prostitutes:2 sex_ring:3 lewd:2 indecent:2
    """,
        "de": """
        polizei*:2 gericht:2 gerichts* richter*:2 prozess:2 angeklagt*:3 anklage*:3 staatsanwalt*:3
        festgenommen:3 festnahme*:3 verhaftet:3 urteil:2 verurteilt*:3 haft*:2 gefängnis*:3
        mord:3 mörder*:3 totschlag:3 verbrechen:3 kriminal*:2 betrug*:2 diebstahl*:3 gestohlen:2
        raub:2 einbruch*:3 überfall*:2 vergewaltig*:3 täter*:3 tatverdächtig*:3 verdächtig*:2
        ermittl*:2 anwalt:2 anwältin:2 anwälte:2 bundesgerichtshof:3 verfassungsgericht*:2
        klage*:1 schuldig:2 freispruch:3 freigesprochen:3 bewährung*:3 messerangriff*:3
        körperverletzung:3 *gericht:2 *prozess:1 *polizei:2 *kriminalität:2 *täter:2
        polizist*:2 beamte:1 justiz*:2 strafe:1 *strafe:1 strafverfahren:3 durchsuchung*:2
    """},
    # disaster, accident and emergency incident
    "medtop:03000000": {"en": """
        earthquake:3 earthquakes:3 quake:3 tsunami:3 flood:2 floods:2 flooding:2 wildfire:3
        wildfires:3 fire:1 fires:1 blaze:3 firefighters:3 firefighter:3 tornado:2 cyclone:2
        typhoon:2 hurricane:1 landslide:3 landslides:3 avalanche:3 eruption:3 volcano:3
        crash:2 crashed:2 collision:2 derailed:3 derailment:3 accident:2 accidents:2
        explosion:2 collapse:1 collapsed:1 rescue:2 rescuers:3 rescued:2 survivors:2 injured:1
        death_toll:3 evacuated:2 evacuation:2 emergency:1 disaster:3 disasters:3 catastrophe:2
        plane_crash:3 car_crash:3 sank:2 capsized:3 drowned:3 fatal:2 ambulance:2 paramedics:2
        casualties:1 emergency_services:3 air_ambulance:3 search_and_rescue:3 trapped:2
        debris:2 rubble:3 humanitarian:1 relief:1 aid_workers:1 missing:1 killed:1
        gas_leak:3 gas_explosion:3 bird_strike:3 bird_strikes:3 emergency_landing:3
        lightning_strike:2 near_miss:2 engine_failure:2
    """,
        "de": """
        erdbeben:3 tsunami* hochwasser*:3 überschwemm*:3 flut*:2 waldbr*:3 brand:2 brände:2
        feuer:1 feuerwehr*:3 lawine*:3 vulkan*:3 unfall:3 unfälle:3 *unfall:3 unfall*:2
        zusammenstoß:2 zugunglück:3 absturz:2 abgestürzt:2 explosion*:2 eingestürzt:3
        einsturz:3 rettungs*:2 retter:2 verletzt*:2 schwerverletzt*:3 tote:1 todesopfer:3
        evakuiert:3 evakuierung*:3 notfall*:2 katastroph*:2 notarzt:3 *brand:2 leiche*:1
        großbrand:3 unglück*:3 verunglückt*:3 vermisst*:1 *unglück:3
    """},
    # economy, business and finance
    "medtop:04000000": {"en": """
        economy:3 economic:2 economies:2 economist:3 economists:3 business:2 businesses:2
        company:2 companies:2 firm:2 firms:2 market:2 markets:2 shares:3 stock:2 stocks:3
        investor:3 investors:3 investment:2 investments:2 profit:3 profits:3 revenue:3
        revenues:3 sales:2 earnings:3 quarterly:2 quarter:1 dividend:3 bank:2 banks:2 banking:2
        interest_rate:3 interest_rates:3 inflation:3 gdp:3 growth:1 recession:3 prices:2
        price:1 oil:2 dollar:2 euro:1 yen:2 currency:2 trade:1 exports:2 imports:2 tariff:2
        tariffs:2 merger:3 acquisition:2 takeover:3 bid:1 ceo:2 chief_executive:2 chairman:1
        shareholders:3 shareholder:3 debt:2 loan:2 loans:2 bond:1 bonds:2 wall_street:3
        nasdaq:3 dow_jones:3 ftse:3 dax:3 stock_market:3 stock_exchange:3 ipo:3 bankruptcy:3
        budget:1 tax:1 taxes:1 retail:2 retailer:3 retailers:3 consumer:2 consumers:2
        customers:1 billion:1 industry:1 manufacturing:2 factory:1 airline:2 airlines:2 fed:1
        federal_reserve:3 central_bank:3 ecb:2 opec:3 crude:3 barrel:2 analysts:2 forecast:1
        deal:1 sector:1 fiscal:2 deficit:2 pound:1 sterling:2 mortgage:2 mortgages:2
        housing_market:3 property:1 insurer:2 insurance:1 brand:1 products:1 output:1
        supply:1 demand:1 fuel:1 gas:1 energy:1 firms* profitable:3 bankrupt:3 chapter_11:3
        wto:2 imf:2 world_bank:2 g7:1 g20:1 venture:2 startup:1 startups:1 stake:2 shares*
        trading:2 traders:2 asset:2 assets:2 fund:1 funds:1 hedge:2 finance:2 financial:2
        cents:2 per_share:3 outlook:1 forecasts:1 retailer* exporter:2 exporters:2 jobs_data:2
        acquire:2 acquired:1 acquires:2 buyout:3 regulators:2 sec:1 antitrust:2 creditors:3
        bankrupt:3 walmart:3 citigroup:3 jpmorgan:3 goldman_sachs:3
        morgan_stanley:3 merrill_lynch:3 hsbc:3 barclays:3 gm:2 general_motors:3 ford:1
        chrysler:3 toyota:2 volkswagen:2 boeing:2 airbus:2 exxon:3 chevron:3 bp:2 shell:1
        pfizer:1 unilever:3 nestle:3 percent:1 per_cent:1 index:1 benchmark:1 treasury:2
        yields:2 futures:2 commodities:3 commodity:3
        sales_growth:3 profit_warning:3
        takeover_bid:3 chief_financial_officer:3 cfo:2 pension_fund:3 pre-tax:3
        store:1 stores:1 retail_sales:3 jobless_claims:3 mortgage_rates:3 housing_starts:3
        inc:2 corp:2 ltd:2 plc:2 llc:2 holdings:1
    """,
        "de": """
        wirtschaft*:3 *wirtschaft:2 konjunktur*:3 unternehmen:2 firma:2 konzern*:3 *konzern:3
        markt:1 märkte:2 aktie*:3 börse*:3 *börse:2 anleger*:3 investor*:2 investition*:2
        gewinn*:2 umsatz*:3 quartal*:2 dividende*:3 bank:2 banken:2 *bank:1 zins*:3 *zinsen:2
        inflation*:3 bip:3 wachstum:1 rezession:3 preise:2 *preise:2 *preis:1 ölpreis*:3
        dollar:2 euro:1 handel:1 export*:2 import*:2 zoll:2 zölle:3 fusion:2 übernahme*:2
        vorstand*:2 aktionär*:3 schulden:2 kredit*:2 anleihe*:3 insolvenz*:3 pleite:3
        haushalt:1 steuer*:1 einzelhandel*:3 verbraucher*:2 kunden:1 milliarden:1 industrie*:2
        autobauer:3 ezb:3 notenbank*:3 energiepreis*:2 mittelstand*:2 ökonom*:3 finanz*:2
        *unternehmen:1 unternehmens*:2 manager:1 mitarbeiter:1 branche*:2 *branche:2 umsätze:3
        geschäft*:1 *geschäft:1 konsum*:2 preis:1 kosten:1 wettbewerb*:1 *industrie:2
        gmbh:2 ag:1
    """},
    # education
    "medtop:05000000": {"en": """
        school:3 schools:3 pupils:3 pupil:3 students:2 student:2 teacher:3 teachers:3
        teaching:2 university:2 universities:2 college:2 colleges:2 education:3 educational:3
        exam:3 exams:3 curriculum:3 classroom:3 classrooms:3 tuition:3 graduates:2 degree:1
        academic:1 headteacher:3 headteachers:3 ofsted:3 kindergarten:3 literacy:3 gcse:3
        gcses:3 a_levels:3 schooling:3 campus:2 lecturer:2 lecturers:2 undergraduate:3
        scholarship:2 grades:2 tuition_fees:3 school_board:3
    """,
        "de": """
        schule:3 schulen:3 *schule:2 schüler*:3 lehrer*:3 lehrkr*:3 unterricht*:3
        universität*:2 hochschul*:2 studenten:2 studierende*:2 studium:3 bildung*:3 *bildung:2
        abitur*:3 prüfung*:1 kita*:3 lehrplan:3 schuljahr*:3 klassenzimmer:3 grundschul*:3
        gymnasi*:3 ausbildung*:2 azubi*:2 lernen:1 schulleiter*:3 kultusminister*:2
    """},
    # environment
    "medtop:06000000": {"en": """
        climate:3 climate_change:3 emissions:3 carbon:3 co2:3 greenhouse:3 pollution:3
        environmental:3 environment:3 renewable:3 renewables:3 solar:2 wind_farm:3
        wind_farms:3 biodiversity:3 species:2 wildlife:3 conservation:3 endangered:3
        deforestation:3 recycling:3 plastic:2 waste:2 sustainability:3 sustainable:2 fossil:2
        global_warming:3 ecosystem:3 ecosystems:3 nature:1 forests:2 oceans:2 glacier:2
        glaciers:2 drought:1 environmentalists:3 green:1 net_zero:3 polluted:3 habitat:3
        habitats:3 extinction:3 coral:2 reef:2 greenpeace:3 whales:2 pesticides:2 nuclear_waste:2
    """,
        "de": """
        klima*:3 *klima:2 emission*:3 co2* kohlendioxid:3 treibhaus*:3 umwelt*:3 *umwelt:2
        erneuerbar*:3 solar*:2 windkraft*:3 windr*:2 photovoltaik*:3 artenschutz:3
        artensterben:3 naturschutz*:3 recycling:3 plastik*:2 müll*:2 nachhaltig*:2 fossil*:2
        erderwärmung:3 klimawandel:3 klimaschutz*:3 energiewende:3 wärmepumpe*:2 *schutzgebiet:3
        natur:1 wald:1 wälder:2 artenvielfalt:3 biodiversität:3 insekt*:2 pestizid*:2
    """},
    # health
    "medtop:07000000": {"en": """
        health:3 hospital:3 hospitals:3 patient:3 patients:3 doctor:2 doctors:3 nurse:3
        nurses:3 medical:2 medicine:2 medicines:2 disease:3 diseases:3 virus:2 covid:3
        coronavirus:3 pandemic:3 vaccine:3 vaccines:3 vaccination:3 vaccinated:3 cancer:3
        diabetes:3 heart_disease:3 obesity:3 nhs:3 drug:1 drugs:1 treatment:2 treatments:2
        therapy:2 infection:3 infections:3 outbreak:2 symptoms:3 clinical:3 surgery:2
        mental_health:3 dementia:3 alzheimer:3 hiv:3 aids:2 flu:3 influenza:3 ebola:3 malaria:3
        world_health_organization:3 healthcare:3 health_care:3 obese:3 diet:1 smoking:2
        tobacco:2 alcohol:1 pharmaceutical:2 fda:2 gp:2 gps:2 surgeon:2 surgeons:2 illness:3
        illnesses:3 medication:3 cases:1 blood:1 brain:1 cells:1 stroke:2 asthma:3 autism:3
        depression:2 pregnant:2 pregnancy:2 births:1 nutrition:2 vitamin:2 antibiotics:3
        health_service:3 a&e:2 wellbeing:2 bird_flu:3 sars:3 cholesterol:3 kidney:2 liver:2
    """,
        "de": """
        gesundheit*:3 *gesundheit:2 krankenhaus*:3 krankenhäuser:3 klinik*:3 *klinik:2
        patient*:3 arzt:3 ärzte:3 ärztin:3 *arzt:2 pflege*:1 medizin*:2 krankheit*:3
        *krankheit:3 *erkrankung:3 erkrank*:3 virus:2 *virus:2 corona*:3 covid*:3 pandemie*:3
        impf*:3 krebs*:3 diabetes:3 herzinfarkt:3 therapie*:2 *therapie:2 behandlung*:2
        infektion*:3 symptom*:3 psych*:1 demenz:3 krankenkasse*:3 grippe*:3 medikament*:3
        gesundheitsminister*:2 depression*:2 schwanger*:2 ernährung*:2 *medizin:2 sucht:2
    """},
    # human interest
    "medtop:08000000": {"en": """
        royal:2 royals:3 queen:2 prince:2 princess:2 wedding:2 birthday:2 pet:2 pets:2 dog:2
        dogs:2 cat:1 cats:1 zoo:3 animal:1 animals:1 bizarre:3 quirky:3 world_record:3
        guinness:2 lottery:3 jackpot:3 baby:1 twins:2 centenarian:3 love:1 romance:2 viral:2
        oddly:2 strange:1 hero:1 heartwarming:3 celebrates:1 anniversary:1 duke:1 duchess:2
        royal_family:3 buckingham_palace:3 kardashian:2
    """,
        "de": """
        royals:3 königin:2 könig:1 prinz*:2 prinzessin*:2 hochzeit*:2 geburtstag*:2 hund:2
        hunde:2 katze*:1 zoo:3 tierpark:3 kurios*:3 weltrekord*:3 lotto*:3 jackpot:3 baby:1
        zwillinge:2 liebe:1 königshaus:3 herzogin:2 tierheim:3
    """},
    # labour
    "medtop:09000000": {"en": """
        jobs:2 workers:3 employees:2 employment:3 unemployment:3 jobless:3 strike:1 strikes:2
        walkout:3 trade_union:3 trade_unions:3 unions:1 wages:3 wage:3 pay:1 salary:2
        salaries:2 pension:2 pensions:2 retirement:2 layoffs:3 redundancies:3 redundancy:3
        hiring:2 workforce:3 labour_market:3 labor_market:3 minimum_wage:3 staff:1 job_cuts:3
        workplace:2 employer:2 employers:2 payroll:2 payrolls:2 pay_rise:3 industrial_action:3
        picket:3 tuc:3 overtime:2 unemployed:3 jobseekers:3 apprenticeship:2
        union:2 teamsters:3 unionized:3 unionised:3 collective_bargaining:3 labor_union:3
        labour_union:3
    """,
        "de": """
        arbeitnehmer*:3 arbeitgeber*:2 beschäftigte*:3 arbeitslos*:3 arbeitsmarkt*:3 streik*:3
        warnstreik*:3 *streik:3 gewerkschaft*:3 verdi:3 ig_metall:3 lohn:3 löhne:3 *lohn:2
        gehalt:2 gehälter:2 tarif*:2 rente:2 renten*:2 stellenabbau:3 fachkräfte*:3
        mindestlohn*:3 arbeitsplätze:3 arbeitsplatz*:2 betriebsrat*:3 kurzarbeit*:3
        arbeitszeit*:3 jobcenter:3 bürgergeld:2 *arbeiter:1 belegschaft:3 kündigung*:2
    """},
    # lifestyle and leisure
    "medtop:10000000": {"en": """
        travel:2 holiday:2 holidays:2 vacation:2 tourism:2 tourists:2 tourist:2 hotel:2
        hotels:2 restaurant:2 restaurants:2 recipe:3 recipes:3 cooking:2 food:1 chef:1 wine:2
        wines:2 beer:2 fashion:2 style:1 beauty:2 garden:2 gardening:3 shopping:1 hobby:2
        fitness:2 yoga:3 cruise:2 beach:2 destination:2 destinations:2 travellers:2 dish:2
        ingredients:3 cook:1 bake:2 baking:2 cocktail:2 outfit:2 designer:1 luxury:1 spa:2
        skincare:3 makeup:2 hairstyle:2 interior:1 decor:2 hiking:2 camping:2 flights:1
        hair:1 skin:1 shampoo:3 cosmetics:3 sneakers:2 dress:1 dresses:2 wardrobe:2 trend:1 trends:1
        dessert:3 cake:2 cakes:2 bread:1 vegetables:2 houseplants:3 plants:1 kitchen:2 sofa:2
        chocolate:2 frosting:3 icing:2 cookies:2 snack:2 snacks:2 vegan:2 gluten-free:3 dairy-free:3
        flour:2 oven:2 salad:2 soup:2 pasta:2 noodles:2 sauce:2 bbq:2 flowers:2 blooms:2 pruning:3
        watering:3 houseplant:3 potted:3 compost:3 diy:2 furniture:2 bedroom:2 living_room:2
        workout:2 workouts:2
    """,
        "de": """
        reise*:2 *reise:2 urlaub*:3 *urlaub:2 tourismus:2 touristen:2 hotel*:2 restaurant*:2
        rezept*:3 kochen:2 essen:1 wein*:2 *wein:1 bier:2 mode:2 beauty:2 garten*:2 einkaufen:1
        hobby:2 fitness:2 yoga:3 wohnen:1 kreuzfahrt*:3 strand:2 zutaten:3 backen:2 gericht:0
        lifestyle:2 wandern:2 wanderung*:2 ausflug*:2 camping:2 freizeit*:2 sauna:2
        haare:2 haar:1 haut:1 shampoo*:3 kosmetik*:3 *kosmetik:3 sneaker*:2 kleid*:2 outfit*:2
        trend*:1
        kuchen*:3 *kuchen:3 torte*:3 dessert*:3 gemüse*:2 pflanze*:1 zimmerpflanze*:3 küche*:2
        wohnung*:1 möbel*:2 einricht*:2 schmand:3 zucker:2 butter:3 mehl:3 backofen:3 teig:3
        gewürz*:3 salat*:2 frühstück*:2 genuss*:2 lecker*:3 rezepte:3 deko*:2 fenster:1 lüften:2
    """},
    # politics and government
    "medtop:11000000": {"en": """
        government:2 governments:2 minister:2 ministers:2 prime_minister:3 president:1
        presidential:3 election:3 elections:3 elected:2 vote:2 votes:2 voters:3 voting:2
        ballot:3 parliament:3 parliamentary:3 mp:3 mps:3 senate:3 senator:3 senators:3
        congress:2 congressional:3 lawmakers:3 legislation:2 party:2 parties:1 labour:1 tory:3
        tories:3 conservative:2 conservatives:2 democrats:3 democratic:2 republican:3
        republicans:3 campaign:1 poll:1 polls:2 opposition:2 coalition:2 cabinet:3 chancellor:2
        policy:1 policies:1 politics:3 political:2 politician:3 politicians:3 diplomat:2
        diplomats:2 diplomatic:2 summit:2 sanctions:2 referendum:3 brexit:3 white_house:2
        kremlin:2 downing_street:3 mayor:2 governor:2 spokesman:1 leader:1 leaders:1 reform:1
        constitution:2 constitutional:2 embassy:2 ambassador:2 talks:1 lib_dems:3 liberal:1
        snp:3 campaigning:2 manifesto:3 home_secretary:3 foreign_secretary:3
        secretary_of_state:2 chancellor_of_the_exchequer:1 whitehall:3 westminster:2 eu:1
        european_union:1 european_commission:2 un:1 united_nations:1 nato:1 foreign_minister:3
        foreign_ministers:3 bill:1 veto:3 impeachment:3 senate* legislat* regime:1 protest:1
        protesters:1 opposition_leader:3 candidate:2 candidates:2 nominee:0 premier:2 mandate:1
        sovereignty:2 independence:1 negotiations:1 treaty:2 state_department:2 asylum:1
        commons:2 lords:1 house_of_commons:3 house_of_lords:3 lib_dem:3 liberal_democrats:3
        shadow:1 home_office:3 foreign_office:3 putin:2 merkel:2 obama:2
        trump:2 biden:2 macron:2 scholz:2 starmer:2 sunak:2 erdogan:2 modi:2 netanyahu:1
        election_campaign:3 general_election:3 polling:2 constituency:3 electorate:3
        governing:2 ruling_party:3 parliamentarians:3 state_visit:3
        bilateral:2 envoy:2 envoys:2 foreign_policy:3
    """,
        "de": """
        regierung*:3 *regierung:3 minister*:2 *minister:2 *ministerin:2 ministerium:2
        *ministerium:2 kanzler*:3 bundeskanzler*:3 präsident*:1 *präsident:1 wahl:3 wahlen:3
        *wahl:3 wahlkampf*:3 gewählt:2 abstimmung*:2 wähler*:3 parlament*:3 bundestag*:3
        bundesrat:3 landtag*:3 abgeordnet*:3 partei*:3 *partei:3 spd:3 cdu:3 csu:3 fdp:3 grüne:2
        grünen:2 afd:3 linke:1 bsw:3 övp:3 spö:3 fpö:3 neos:2 svp:2 koalition*:3 opposition*:2
        kabinett*:3 politik*:3 *politik:3 politisch*:3 politiker*:3 diplomat*:2 gipfel*:2
        sanktion*:2 referendum:3 volksabstimmung*:3 bürgermeister*:2 gesetz:2 gesetze:2
        gesetzentwurf:3 *gesetz:2 verfassung*:2 botschafter*:2 kandidat*:2 regierungschef*:3
        außenminister*:3 innenminister*:3 staatschef*:3 ampel:2 union:1 eu:2 eu-*:1 nato:1
        verhandlung*:1 bundesregierung:3 senat:2 staatssekretär*:3 ministerpräsident*:3
    """},
    # religion
    "medtop:12000000": {"en": """
        church:3 churches:3 pope:3 vatican:3 bishop:3 bishops:3 archbishop:3 priest:3
        priests:3 religious:3 religion:3 religions:3 faith:2 christian:1 christians:3
        muslim:2 muslims:2 islam:3 islamic:1 jewish:2 jews:2 synagogue:3 mosque:3 mosques:3
        hindu:2 hindus:2 buddhist:3 catholic:3 catholics:3 protestant:3 evangelical:2 rabbi:3
        imam:3 clergy:3 ramadan:3 worship:3 prayer:2 prayers:2 bible:3 quran:3 theology:3
        pilgrims:3 pilgrimage:3 cathedral:2 sermon:3 archbishop_of_canterbury:3 holy:1 god:2
    """,
        "de": """
        kirche*:3 *kirche:3 papst*:3 vatikan*:3 bischof*:3 *bischof:3 pfarrer*:3 priester*:3
        religi*:3 glaube*:2 christen*:3 christlich*:2 muslim*:2 islam*:2 jüdisch*:2 juden:2
        synagoge*:3 moschee*:3 katholi*:3 evangelisch*:3 rabbiner:3 imam*:3 gottesdienst*:3
        gemeinde:1 theolog*:3 seelsorge*:3 bibel*:3 koran:3 gott:2 gläubige*:3 ostern:1
        weihnacht*:1 pilger*:3 missbrauch*:1 diözese*:3 bistum*:3 erzbischof*:3 synode*:3
    """},
    # science and technology
    "medtop:13000000": {"en": """
        science:3 scientist:3 scientists:3 scientific:3 research:2 researchers:2 study:1
        technology:3 technologies:3 tech:3 software:3 computer:3 computers:3 computing:3
        internet:3 online:1 web:1 website:1 websites:1 digital:1 app:2 apps:3 smartphone:3
        smartphones:3 iphone:3 ipad:3 android:3 google:3 apple:2 microsoft:3 amazon:1
        facebook:2 meta:1 twitter:2 ibm:3 intel:3 nvidia:3 amd:2 chip:2 chips:2 chipmaker:3
        semiconductor:3 semiconductors:3 ai:3 artificial_intelligence:3 robot:3 robots:3
        robotics:3 data:1 cyber:3 hacker:3 hackers:3 hacking:3 hacked:3 virus:0 security:1
        broadband:3 mobile:2 phone:2 phones:2 gadget:3 gadgets:3 device:2 devices:2 gaming:2
        video_game:3 video_games:3 games_console:3 console:2 consoles:2 playstation:3 xbox:3
        nintendo:3 sony:2 space:1 nasa:3 astronaut:3 astronauts:3 rocket:1 satellite:3
        outer_space:3 space_agency:3
        satellites:3 mars:3 moon:2 planet:3 planets:3 telescope:3 physics:3 chemistry:3
        biology:3 genetic:3 genes:3 gene:3 dna:3 fossil:1 fossils:2 dinosaur:3 dinosaurs:3
        spacecraft:3 orbit:3 quantum:3 users:2 user:2 search_engine:3 browser:3 browsers:3
        linux:3 windows:1 spam:3 e-mail:2 email:2 emails:2 download:3 downloads:3 downloading:3
        wireless:3 wi-fi:3 wifi:3 bluetooth:3 microsoft* ebay:2 oracle:2 cisco:3
        samsung:2 nokia:2 motorola:2 blackberry:2 skype:3 youtube:2 spacex:3 tesla:1 chatgpt:3
        openai:3 silicon_valley:3 startup:1 it:0 network:2 networks:2 online_services:3
        encryption:3 malware:3 ransomware:3 cybersecurity:3 phishing:3 processor:3
        processors:3 server:2 servers:2 laptop:3 laptops:3 pc:3 pcs:3 tablet:2 tablets:2
        innovation:2 engineers:2 engineering:2 experiment:2 experiments:2 laboratory:2 lab:2
        universe:3 galaxy:3 astronomers:3 asteroid:3 comet:3 evolution:2 molecules:3 atoms:3
        worm:1 flaw:2 flaws:2 patch:2 open_source:3 rover:3
        saturn:2 hubble:3 genome:3 stem_cell:3 stem_cells:3 cloning:3 cell_phone:3
        cell_phones:3 handset:3 handsets:3
        voip:3 blog:2 blogs:2 desktop:3 database:3 storage:2 dell:3
        hp:2 sap:2 nanotechnology:3
        space_station:3 shuttle:2 astronomer:3 silicon:2
        mobile_phone:3 mobile_phones:3 search_engines:3 websites:2 web_site:3 web_sites:3
        high-definition:2 gps:2 supercomputer:3
        species:1 microchip:3
        programming:3 programmer:3 programmers:3 developer:1 developers:2 coding:3 github:3
        javascript:3 programming_language:3 api:2 open-source:3
    """,
        "de": """
        wissenschaft*:3 *wissenschaft:2 wissenschaftler*:3 forscher*:3 *forscher:3 forschung*:3
        *forschung:3 studie:2 studien:2 technologie*:3 *technologie:3 technik*:2 *technik:2
        software*:3 computer*:3 internet*:2 online*:1 digital*:1 app:2 apps:3 smartphone*:3
        handy*:3 google*:3 apple:2 microsoft*:3 ki:3 künstliche_intelligenz:3 roboter*:3
        daten*:1 *daten:1 cyber*:3 hacker*:3 chip*:2 halbleiter*:3 raumfahrt*:3 nasa:3 esa:3
        astronaut*:3 rakete*:1 satellit*:3 mars:2 mond*:2 planet*:3 teleskop*:3 physik*:3
        chemi*:2 biolog*:3 gen:1 gene:2 genetisch*:3 dna:3 weltraum*:3 *weltraum:3 nutzer*:2
        plattform*:2 netz:1 *netz:1 algorithm*:3 elektroauto*:1 e-auto*:1 batterie*:1
        mikroskop*:3 labor*:2 experiment*:2 universum:3 galaxie*:3 astronom*:3 asteroid*:3
    """},
    # society
    "medtop:14000000": {"en": """
        migrants:3 migration:3 immigration:3 immigrants:3 immigrant:3 refugees:2 refugee:2
        asylum:2 asylum_seekers:3 poverty:3 homeless:3 homelessness:3 welfare:2 discrimination:3
        racism:3 racist:3 equality:2 gender:2 lgbt:3 lgbtq:3 gay:2 transgender:3 feminist:2
        women's_rights:3 community:1 communities:1 charity:2 charities:2 volunteers:2
        population:2 demographic:2 housing:1 family:1 families:1 children:1 elderly:2 social:1
        inequality:3 civil_rights:3 human_rights:1 diversity:2 disabled:2 disability:2
        abortion:1 marriage:1 same-sex:3 social_media:1 youth:1 generation:1 society:3
        child_care:2 childcare:2 orphans:2 foster_care:3
    """,
        "de": """
        migration* migrant*:3 flüchtling*:3 geflüchtete*:3 asyl*:2 armut*:3 obdachlos*:3
        sozial*:2 *sozial:1 diskriminierung*:3 rassismus:3 rassistisch*:3 gleichstellung:3
        gleichberechtigung:3 gender*:2 queer*:3 transgender*:3 bevölkerung*:2 familie*:1
        kinder:1 senioren:2 gesellschaft*:3 *gesellschaft:1 integration*:2 ehrenamt*:3
        wohnungsnot:3 mieten:1 miete:1 jugendliche*:1 frauen:1 feminis*:3 behinderung*:2
        inklusion:3 einwander*:3 zuwander*:3 migranten:3 abschiebung*:2 demograf*:3
        sozialhilfe:3 tafel:2 spende*:2 verein:1
    """},
    # sport
    "medtop:15000000": {"en": """
        match:2 matches:2 game:1 games:1 team:2 teams:2 player:2 players:2 coach:2 coaches:2
        season:2 league:3 leagues:3 cup:2 world_cup:3 championship:3 championships:3
        champion:2 champions:2 tournament:3 tournaments:3 final:1 semi-final:3 semi-finals:3
        quarter-final:3 quarter-finals:3 semifinal:3 semifinals:3 goal:2 goals:3 scored:3
        score:1 striker:3 midfielder:3 defender:2 goalkeeper:3 won:1 victory:2 defeat:2 beat:1
        football:3 soccer:3 rugby:3 cricket:3 tennis:3 golf:3 boxing:3 athletics:3 olympic:3
        olympics:3 medal:2 medals:2 race:1 racing:2 formula_one:3 f1:3 grand_prix:3 nba:3
        nfl:3 mlb:3 nhl:3 premier_league:3 champions_league:3 fifa:3 uefa:3 ioc:2 wimbledon:3
        innings:3 wicket:3 wickets:3 batsman:3 bowler:3 penalty:1 referee:3 stadium:2 club:1
        clubs:1 transfer:1 squad:3 injury:1 athletes:3 athlete:3 sprint:2 marathon:2
        cycling:2 tour_de_france:3 ski:2 skiing:2 baseball:3 basketball:3 hockey:3
        quarterback:3 touchdown:3 touchdowns:3 pitcher:3 inning:3 homer:3 playoff:3 playoffs:3
        arsenal:2 chelsea:2 liverpool:1 manchester_united:3
        man_utd:3 real_madrid:3 barcelona:1 bayern:2 juventus:3 sprinter:3 olympian:3
        grand_slam:3 seed:1 seeded:3 title:1 titles:1 coach* knockout:2 fixture:3 fixtures:3
        lineup:2 halftime:3 half-time:3 overtime:1 ncaa:3 nascar:3 pga:3 lpga:3 atp:3 wta:3
        runner:2 runners:2 running:1 training:1 race:1 driver:1 drivers:1 lap:2 laps:2 podium:3
        qualifying:3 pole:1 motogp:3 superbike:3 volleyball:3 swimming:2 swimmer:3 rowing:2
        kickoff:3 kick-off:3 rangers:1 celtic:2 lions:1 six_nations:3 test_match:3 tries:1
        try:1 scrum:3 rbs:0 bout:2 heavyweight:3 ryder_cup:3 masters:1 open_championship:3
        us_open:3 australian_open:3 french_open:3 davis_cup:3 fa_cup:3 league_cup:3 manager:1
        unbeaten:3 undefeated:3 rout:2 routed:3 clinched:3 clinch:3 standings:3 doubles:1
        finals:2 semis:3 qualifier:2 qualifiers:2 gold_medal:3 silver_medal:3 bronze:2
        yards:2 receiver:2 rushing:2 linebacker:3 rebounds:3 assists:2 points:1 cardinals:1
        astros:3 braves:2 mets:3 cubs:2 dodgers:3 patriots:1 colts:2 steelers:3 broncos:3
        packers:3 cowboys:1 lakers:3 celtics:3 knicks:3 pistons:3 spurs:1 redskins:3
        athletics:3 olympians:3 paralympic:3 paralympics:3 world_series:3 super_bowl:3
        stanley_cup:3 home_run:3 home_runs:3 hat-trick:3 hat_trick:3 equaliser:3 equalizer:3
        premiership:3 fa:1 test_series:3 one-day:2 wicketkeeper:3 bowled:3 caddie:3 birdie:3
        birdies:3 bogey:3 par:1 wimbledon:3 roland_garros:3 sprinted:2 medallist:3 relay:2
    """,
        "de": """
        spiel:2 spiele:2 spiels:2 mannschaft*:3 spieler*:3 trainer*:3 saison*:3 liga:3 *liga:3
        bundesliga*:3 pokal*:3 weltmeisterschaft*:3 wm:3 em:2 meisterschaft*:3 meister:2
        turnier*:3 finale:2 halbfinale:3 viertelfinale:3 tor:2 tore:3 torschütze*:3 stürmer*:3
        verteidiger*:2 torwart*:3 torhüter*:3 sieg:2 siege:1 niederlage*:2 fußball*:3 *fußball:3
        handball*:3 basketball*:3 eishockey*:3 tennis*:3 golf*:2 boxen:3 boxer:3
        leichtathletik*:3 olympi*:3 medaille*:3 rennen:2 formel_1:3 formel-1*:3 skispringen:3
        ski*:1 biathlon*:3 verein*:1 transfer*:2 kader:3 verletzung*:1 athlet*:3 stadion*:3
        punkte:1 tabelle*:3 dfb*:3 fifa:3 uefa:3 fc:2 bvb:3 vfb:3 vfl:3 tsg:3 sv:1 spieltag*:3
        heimspiel*:3 auswärts*:3 trainerin:3 coach:2 elfmeter*:3 abstieg*:3 aufstieg*:2
        champions-league:3 europa_league:3 bundestrainer*:3 nationalmannschaft*:3 radsport*:3
        *weltmeister:3 weltmeister*:3 *meister:1 *trainer:2 *spieler:2 schiedsrichter*:3 *turnier:2
        laufen:1 läufer*:3 *läufer:2 training*:2 radrennen:3 rennrad*:2 reiter*:2 pferdesport:3
        motorsport*:3 fahrer*:1 wm-*:2 em-*:2 olympiasieg*:3 kombinierer*:3 volleyball*:3
    """},
    # conflict, war and peace
    "medtop:16000000": {"en": """
        war:3 wars:3 military:3 troops:3 soldier:3 soldiers:3 army:3 armed:2 attack:2
        attacks:2 attacked:2 airstrike:3 airstrikes:3 air_strike:3 air_strikes:3 bomb:3 bombs:3
        bombing:3 bombings:3 missile:3 missiles:3 drone:2 drones:2 killed:1 militants:3
        militant:3 insurgents:3 rebels:3 rebel:3 fighting:2 fighters:2 ceasefire:3 truce:3
        peace:2 terror:3 terrorism:3 terrorist:3 terrorists:3 hostage:3 hostages:3 invasion:3
        occupation:2 gunmen:3 weapons:3 weapon:2 nuclear:1 shelling:3 offensive:2 frontline:3
        battle:1 casualties:2 civilians:3 civilian:2 genocide:3 massacre:3 hamas:3 hezbollah:3
        taliban:3 isis:3 islamic_state:3 al-qaeda:3 al_qaeda:3 insurgency:3 insurgent:3 coup:3
        nato:2 pentagon:3 defence:2 defense:2 marines:3 navy:2 air_force:2 warplanes:3
        tanks:2 artillery:3 suicide_bomber:3 car_bomb:3 explosives:2 guerrillas:3 clashes:3
        peacekeepers:3 peacekeeping:3 conflict:2 violence:1 forces:2 security_forces:3 shia:2
        sunni:2 kurdish:1 occupied:2 siege:3 refugees:0 warlord:3 combat:3 raid:2 raids:2
    """,
        "de": """
        krieg:3 kriege:3 *krieg:3 krieg*:3 militär*:3 truppen:3 *truppen:2 soldat*:3 armee*:3
        bundeswehr*:3 angriff*:2 *angriff:2 *angriffe:2 luftangriff*:3 bombe*:3 rakete*:2
        drohne*:2 getötet:1 kämpfe*:3 waffenruhe:3 waffenstillstand*:3 frieden*:2 terror*:3
        geisel*:3 invasion:3 besatzung*:2 waffen*:3 *waffen:3 offensive:2 front:1 zivilisten:3
        hamas:3 hisbollah:3 taliban:3 nato:2 verteidigung*:2 *verteidigung:1 streitkräfte:3
        panzer*:3 gaza*:2 *konflikt:2 konflikt*:1 kriegs*:3 milizen:3 miliz*:3 rebellen:3
        anschlag*:3 *anschlag:3 islamist*:2 dschihad*:3 atomwaffen:3 kampfjet*:3 gefecht*:3
    """},
    # weather
    "medtop:17000000": {"en": """
        weather:3 forecast:1 forecasters:3 rain:3 rainfall:3 snow:3 snowfall:3 storm:2 storms:2
        wind:1 winds:2 temperatures:3 temperature:2 heatwave:3 heat:1 cold:1 frost:2 sunshine:3
        sunny:3 cloud:2 clouds:2 cloudy:3 showers:3 thunderstorm:3 thunderstorms:3 met_office:3
        meteorologist:3 meteorologists:3 meteorological:3 celsius:3 fahrenheit:3 degrees:1
        humidity:3 humid:3 drought:2 fog:3 ice:1 icy:3 hail:3 gale:3 gales:3 blizzard:3
        weather_warning:3 national_weather_service:3 hurricane:2 tornado:2 tornadoes:3 typhoon:1
        monsoon:3 downpours:3 downpour:3 mild:2 chilly:3 dry:1 wet:2 gusts:3 sleet:3
        weekend_weather:3 highs:2 lows:2 forecast:2 warm:1 warmer:2 colder:2 freezing:2
    """,
        "de": """
        wetter*:3 *wetter:3 vorhersage*:2 regen:3 regenfälle:3 regenschauer:3 *regen:2
        schnee*:3 sturm:2 stürme:2 sturmtief*:3 *sturm:1
        gewitter*:3 unwetter*:3 temperatur*:3 hitze*:2 *hitze:2 hitzewelle:3 kälte*:2 frost*:2
        sonne:2 sonnig:3 sonnenschein:3 wolken*:3 bewölkt:3 schauer:3 meteorolog*:3
        wetterdienst*:3 dwd:3 grad:1 glätte:3 hagel*:3 nebel*:3 orkan*:3 böen:3 niederschl*:3
        tiefdruck*:3 hochdruck*:3 wetterlage:3 dauerregen:3 schneefall*:3 aussichten:1
    """},
}
