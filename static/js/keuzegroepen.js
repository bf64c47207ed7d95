/* Forms where one choice decides which fieldsets apply: <form data-keuzeveld="name"> with
 * <fieldset data-keuze="value">. Only the fieldsets of the chosen value stay; while nothing is chosen, all do (or
 * none, with data-keuze-leeg="verberg" on the form).
 * Without JavaScript every fieldset stays visible (with a note marked data-zonder-js) and the server decides which
 * fields count. A fieldset that does not apply is hidden *and* disabled, so its fields are neither read out nor sent.
 * After a failed submit the focus starts at the list of errors, which links to each field. */
(function () {
  'use strict'

  function gekozen (form, naam) {
    const veld = form.elements[naam]
    return veld && veld.value ? veld.value : null // a radio group without a choice has the value ''
  }

  function koppel (form) {
    const naam = form.dataset.keuzeveld
    const groepen = form.querySelectorAll('fieldset[data-keuze]')
    const leegVerbergt = form.dataset.keuzeLeeg === 'verberg'

    function toon () {
      const waarde = gekozen(form, naam)
      groepen.forEach(function (groep) {
        const weg = waarde === null ? leegVerbergt : groep.dataset.keuze !== waarde
        groep.hidden = weg
        groep.disabled = weg
      })
    }

    form.addEventListener('change', function (event) {
      if (event.target.name === naam) toon()
    })
    form.querySelectorAll('[data-zonder-js]').forEach(function (uitleg) { uitleg.hidden = true })
    toon()
  }

  function init () {
    document.querySelectorAll('form[data-keuzeveld]').forEach(koppel)
    const overzicht = document.getElementById('foutoverzicht')
    if (overzicht) overzicht.focus()
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init)
  } else {
    init()
  }
})()
