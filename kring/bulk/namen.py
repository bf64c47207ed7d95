"""Fictional names for the bulk data set: places, companies, people, areas, streets. Any likeness is chance."""

PLAATSEN = [
    "Polderveen", "Rivierland", "Dijkhoven", "Waterbroek", "Zandwijk", "Leemdorp", "Kreekrade", "Weidevenne",
    "Ossendal", "Brugwaarde", "Sluisdam", "Heidekamp", "Molenwaard", "Vlietstede", "Zoutkreek", "Geestmeer",
    "Dorpsveld", "Beekhorst", "Kaaispoort", "Wilgenrade", "Nieuwerwaal", "Oosterlede", "Westerkade", "Zuiderdijk",
    "Noordervliet", "Steenoord", "Lindeveld", "Eikenburg", "Rietmeer", "Klaverhoek",
]  # fmt: skip

VAKKEN = [
    "Grondwerken", "Wegenbouw", "Riolering", "Waterbouw", "Bestrating", "Groenvoorziening", "Infra", "Civiel",
    "Kabel- en Leidingwerk", "Verkeerstechniek", "Betonwerken", "Oeverwerken", "Damwanden", "Markeringen",
    "Sloop en Recycling", "Baggerwerken", "Klimaatinfra", "Tuin en Terrein",
]  # fmt: skip

VOORNAMEN = [
    "Sanne", "Daan", "Lotte", "Bram", "Noor", "Thijs", "Eva", "Joris", "Fleur", "Ruben", "Iris", "Lars", "Anouk",
    "Koen", "Femke", "Sem", "Maud", "Jesse", "Lieke", "Tim", "Roos", "Milan", "Sophie", "Niels", "Esther", "Youssef",
    "Fatima", "Mehmet", "Ayla", "Rik", "Hanna", "Wouter", "Ilse", "Gijs", "Marloes", "Stijn", "Nadia", "Pieter",
]  # fmt: skip

ACHTERNAMEN = [
    "de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
    "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
    "de Graaf", "van der Meer", "van den Berg", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel",
    "Yilmaz", "El Amrani", "Schouten", "Willems", "Hoekstra", "Koster", "Prins", "Post", "Kuipers", "Veenstra",
]  # fmt: skip

WIJKEN = [
    "Centrum", "Noord", "Zuid", "Oost", "West", "Havenkwartier", "Oude Dorp", "Molenwijk", "Bloemenbuurt",
    "Vogelbuurt", "Bomenbuurt", "Bedrijventerrein", "Stationsgebied", "Polderzoom", "Buitengebied", "Dijkzone",
    "Singelwijk", "Parkwijk", "Nieuwland", "Kerkbuurt",
]  # fmt: skip

STRATEN = [
    "Eikenlaan", "Beukenlaan", "Dorpsstraat", "Kerkstraat", "Molenweg", "Havenkade", "Dijkweg", "Stationsweg",
    "Schoolstraat", "Julianastraat", "Parallelweg", "Singel", "Marktplein", "Vaartweg", "Polderweg", "Kanaalstraat",
    "Wilgenlaan", "Lindelaan", "Rozenstraat", "Zuiderkade", "Nieuwe Haven", "Spoorlaan", "Sportlaan", "Veerweg",
]  # fmt: skip

WERK = {
    "riolering": ["Rioolvervanging", "Relining riolering", "Afkoppelen hemelwater", "Vervanging gemaal"],
    "wegen": ["Groot onderhoud", "Herinrichting", "Reconstructie", "Fietspad langs de"],
    "kunstwerken": ["Vervanging brug", "Renovatie viaduct", "Groot onderhoud brug"],
    "water": ["Vervanging beschoeiing", "Baggeren", "Herstel kademuur"],
    "groen": ["Groenrenovatie", "Speelnatuur", "Vervanging bomen"],
    "klimaat": ["Klimaatadaptatie", "Wadi's en infiltratie", "Hittebestendig maken"],
    "verlichting": ["LED-verlichting", "Vervanging lichtmasten"],
    "integraal": ["Integrale herinrichting", "Wijkvernieuwing"],
}
